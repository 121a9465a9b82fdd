"""What a reader sees: tables, narrative sentences, charts, the HTML view and the headless
notebook runner, all reading the scored-article file that :mod:`analysis.pipeline` writes.
Imports every layer below; nothing but the CLI imports it.
"""
