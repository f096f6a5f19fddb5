"""The patient-education pipeline: read sheets, check them, translate them, write them."""
