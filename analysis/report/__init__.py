"""Layer 3: what a reader sees. Tables, narrative sentences, charts, the HTML view and the
headless notebook runner, all reading the scored-article file that :mod:`analysis.stance`
writes. Imports every layer below; nothing imports it.
"""
