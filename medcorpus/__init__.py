"""medcorpus: medical text to versioned training corpora."""
__version__ = "0.1.0"
