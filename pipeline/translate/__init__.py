"""Translation: memory first, an engine for the rest, glossary terms protected, every
segment checked, and nothing a translator reviewed ever overwritten by a machine."""
