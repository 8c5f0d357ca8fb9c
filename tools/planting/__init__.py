"""Planting fake PHI into real clinical text: the parts behind ``tools/planted_gold.py``."""
