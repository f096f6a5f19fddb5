"""Audit reports: the console lines people read, and files CI systems and browsers read."""
