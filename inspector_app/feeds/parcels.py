"""Which files make one parcel: a low/high energy pair, two views (top and side), or both.

Why: scanners write one parcel as several files - two energies (`BAG17_low.raw` +
`BAG17_high.raw`), two views (`BAG17_top.png` + `BAG17_side.png`) or both (`BAG17_top_low.raw`
... `BAG17_side_high.raw`). Grouping is a pure function of the names complete so far: the hot
folder calls it at every turn and keeps what still waits for a partner, the files feed calls
it once on its list. The words for a missing partner are here too, so both say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inspector_app.imaging.raw_pairs import RAW_SUFFIX, PairRule, pair_files, pair_items

ENERGY_RULE = PairRule()  # NAME_low.* + NAME_high.*
VIEW_RULE = PairRule("*_top.*", "*_side.*")  # a dual-view scanner's two files of one parcel
_VIEW_WORDS = {"low": "top", "high": "side"}

View = tuple[Path, ...]  # one file, or a (low, high) energy pair


@dataclass(frozen=True)
class Naming:
    """The rules in force: `energy` pairs halves; `views` (None: off) pairs top and side."""

    energy: PairRule = ENERGY_RULE
    views: PairRule | None = VIEW_RULE

    def parcel_key(self, name: str) -> str:
        """What every file of one parcel shares: BAG17_top_LOW.raw -> 'bag17'."""
        energy = self.energy.split(name)
        if energy is not None:
            name = energy[1] + Path(name).suffix
        view = self.views.split(name) if self.views is not None else None
        if view is not None:
            return view[1].lower()
        return energy[1].lower() if energy is not None else "\0" + name.lower()

    def view_name(self, view: View) -> str:
        """The name a view is paired by: the file's, or an energy pair's without _low/_high."""
        first = view[0]
        energy = self.energy.split(first.name) if len(view) == 2 else None
        return first.name if energy is None else energy[1] + first.suffix

    def missing_half(self, path: Path) -> str:
        """'the high-energy half of BAG17' for BAG17_low.raw (its name when no rule fits)."""
        split = self.energy.split(path.name)
        if split is None:
            return path.name
        other = "high" if split[0] == "low" else "low"
        return f"the {other}-energy half of {split[1]}"

    def missing_view(self, view: View) -> tuple[str, str]:
        """('the side view of BAG17', 'top') for BAG17's lone top view."""
        split = self.views.split(self.view_name(view)) if self.views is not None else None
        if split is None:
            return f"the other view of {view[0].name}", "one"
        other = "high" if split[0] == "low" else "low"
        return f"the {_VIEW_WORDS[other]} view of {split[1]}", _VIEW_WORDS[split[0]]

    def is_half(self, path: Path) -> bool:
        return self.energy.match(path.name) is not None


def is_raw(path: Path) -> bool:
    return path.suffix.lower() == RAW_SUFFIX


@dataclass(frozen=True)
class Parcel:
    """The files of one parcel: one view, or (top, side); each view one file or a pair."""

    views: tuple[View, ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(p for view in self.views for p in view)

    def keeping(self, paths: Sequence[Path]) -> Parcel:
        """The same parcel with only `paths` left (files already on record taken out)."""
        kept = set(paths)
        views = tuple(tuple(p for p in view if p in kept) for view in self.views)
        return Parcel(tuple(view for view in views if view))


@dataclass
class Grouping:
    """`parcels`: complete ones in the order their last file arrived; `halves`: energy halves
    whose partner is not complete yet; `lone_views`: one view waiting for the other."""

    parcels: list[Parcel] = field(default_factory=list)
    halves: list[Path] = field(default_factory=list)
    lone_views: list[Parcel] = field(default_factory=list)


def group_files(paths: Sequence[Path], naming: Naming) -> Grouping:
    """Group files given in arrival order; energy pairs first, then views of those."""
    arrival = {p: i for i, p in enumerate(paths)}

    def last(files: Sequence[Path]) -> int:
        return max(arrival[p] for p in files)

    energy = pair_files(paths, naming.energy)
    views: list[View] = sorted([(p,) for p in energy.singles] + list(energy.pairs), key=last)
    grouping = Grouping(halves=list(energy.waiting))
    if naming.views is None:
        grouping.parcels = [Parcel((view,)) for view in views]
        return grouping
    paired = pair_items(views, naming.view_name, naming.views)
    parcels = [Parcel((view,)) for view in paired.singles]
    parcels += [Parcel((top, side)) for top, side in paired.pairs]
    grouping.parcels = sorted(parcels, key=lambda parcel: last(parcel.paths))
    grouping.lone_views = [Parcel((view,)) for view in paired.waiting]
    return grouping
