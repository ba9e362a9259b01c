"""``python -m crm_lessons.simulate [FOLDER]``: rewrite the synthetic datasets (default: ./datasets)."""
import sys
from pathlib import Path

from .write import write_all

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "datasets"
for name in write_all(folder):
    print(f"wrote {folder / name}")
print(f"updated {folder / 'checksums.sha256'} and {folder / 'README.md'}")
