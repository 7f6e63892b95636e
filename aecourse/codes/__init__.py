"""Using the codes: what an autoencoder's codes are good for, each use measured.

- :mod:`~aecourse.codes.embedding`: maps of codes in two dimensions (t-SNE) and their trustworthiness;
- :mod:`~aecourse.codes.retrieval`: similar-image search, k-NN accuracy and precision@k;
- :mod:`~aecourse.codes.hashing`: semantic hashing, codes rounded to bits and searched by Hamming distance;
- :mod:`~aecourse.codes.few_labels`: classifiers that start from a trained encoder;
- :mod:`~aecourse.codes.anomaly`: anomaly scores, AUROC and thresholds.
"""
