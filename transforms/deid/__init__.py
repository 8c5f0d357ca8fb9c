"""De-identification: the stage (``stage``), its detectors (``phi_en``, ``phi_zh`` and their
rooms), keyed surrogates (``surrogates``), per-source profiles and shared checksums.

Import from the modules themselves: this package file stays empty so that light users (the
checksums, the sample-data generator) do not load Beam and presidio."""
