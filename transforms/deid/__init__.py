"""De-identification: the stage (``stage``), its detectors (``phi_en``, ``phi_zh``) and keyed surrogates."""

from medcorpus.transforms.deid.stage import DeidConfig, Deidentifier, Deidentify, detect_phi, document_language

__all__ = ["DeidConfig", "Deidentifier", "Deidentify", "detect_phi", "document_language"]
