"""Generating images with a variational autoencoder: points of its latent space to
decode, scores of the images it makes, and an explorer of its latent plane that
runs in the HTML book (:mod:`~aecourse.generative.explorer`).
"""
