"""Packaged data files: lexicons, actor dictionary, gazetteer supplement."""
