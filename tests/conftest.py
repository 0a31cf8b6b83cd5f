import sys
from pathlib import Path

# Let tests import the small shared helpers in tests/ (book.py) by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))
