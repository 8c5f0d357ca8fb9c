"""The bundled synthetic sample corpus (``medcorpus sample-data``)."""
