"""The dashboard's building blocks: offline map assets, the map itself, and URL <-> filter state."""
