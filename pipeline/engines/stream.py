"""Apertium's stream format, as every stage of a mode writes it: the one pattern the engine,
its lexical preferences and the target's morphology read it with."""

from __future__ import annotations

import re

#: A lexical unit: its first part (a surface form, or the source reading in the bilingual
#: lookup's output), then its readings or translations separated by "/", with backslash
#: escapes: `^Call/Call<n><sg>/Call<vblex><inf>$`.
UNIT = re.compile(r"\^((?:\\.|[^\\/$^])*)/((?:\\.|[^\\$^])*)\$")
