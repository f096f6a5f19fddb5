"""The hostile-input corpus (issue 11): one small generator per attack, run through the real
command line by tests/test_hostile.py. Big inputs are made at test time, never committed."""
