"""The code the reader writes in the chapters, exported from the notebooks by nbdev (`make export`).

Each module here is generated from the cells marked `#| export` in one chapter; edit the chapter,
never the module. The library's fast engines (`autograd_lib.scalar`, `autograd_lib.tensor`) are
tested against these readable ones.
"""
