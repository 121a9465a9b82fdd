"""Corpus mode: many articles read from a folder or a table, scored on Dask, stored as Parquet.

:func:`analysis.corpus.inputs.read_corpus` reads, :func:`analysis.corpus.runner.run_corpus`
scores (resumably), :func:`analysis.corpus.store.open_corpus` reads the result back.
"""
