"""Generative autoencoders, measured: what a VAE's latent space holds and how good its images are.

- :mod:`~aecourse.generative.feature_classifier`: a Fashion-MNIST classifier whose features judge images;
- :mod:`~aecourse.generative.sample_quality`: Gaussian fits of those features, the Fréchet distance,
  the classifier's confidence and class shares;
- :mod:`~aecourse.generative.latent`: codes drawn from the prior, the normal-quantile grid of a 2-D
  plane, attribute vectors;
- :mod:`~aecourse.generative.explorer`: a latent plane that the reader of the HTML book drags a point
  across, the decoder running in the browser.
"""
