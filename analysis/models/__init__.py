"""The bottom layer: model files fetched and verified offline (``fetching``), the sentence
encoder and its runtimes (``encoder``, ``encoder_runtime``) and the one persistent key-value
score cache (``cache``). Imports only the package root.
"""
