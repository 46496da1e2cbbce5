"""National adjectives ("Russian", "North Korean") → ISO 3166-1 alpha-2 (data/demonyms.toml)."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from .load import DATA_DIR


@lru_cache(maxsize=1)
def load_demonyms() -> dict[str, str]:
    with (DATA_DIR / "demonyms.toml").open("rb") as handle:
        table = tomllib.load(handle).get("demonyms", {})
    return {name.lower(): code for name, code in table.items()}


def state_of_demonym(word: str) -> str | None:
    """ISO code for a national adjective or its plural ("Israelis"), else None."""
    table = load_demonyms()
    lowered = word.lower()
    return table.get(lowered) or (table.get(lowered[:-1]) if lowered.endswith("s") else None)
