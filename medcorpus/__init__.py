"""medcorpus: medical text to versioned training corpora."""
__version__ = "0.1.0"
__all__ = ["open_dataset"]


def __getattr__(name: str):
    # lazy: `import medcorpus` stays cheap (Beam workers import it); the face lives in pipelines/
    if name == "open_dataset":
        from medcorpus.pipelines.datasets import open_dataset

        return open_dataset
    raise AttributeError(f"module 'medcorpus' has no attribute {name!r}")
