"""Self-checks for the exercises where the reader writes code: one module per chapter.

A chapter imports its checkers from its own module (``from autograd_lib.book.exercises.ch02
import check_mean_distance_grad``); `cases` holds the machinery they share: hidden cases run
on the reader's function, and a diagnosis of the first one that fails.
"""
