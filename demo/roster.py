"""The invented agencies of the sample portal and the roster CSVs that list them.

One city (青川市) with its government and departments, plus two districts and a county, each with its
government and departments. Place names are invented; department names follow real usage (a district
police bureau is a 分局 of the city bureau).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

ROSTER_COLUMNS = ("agency_id", "name", "region", "level", "kind", "portal_url", "parent_id")
_PATH_COLUMNS = ("agency_id", "name", "region", "level", "kind", "listing_path", "parent_id")


@dataclass(frozen=True, slots=True)
class Agency:
    agency_id: str
    name: str
    region: str  # 青川市本级 | 临江区 | …
    level: str  # city | district | county
    kind: str  # government | department
    parent_id: str  # the government of the region ("" for the city government)
    sector: str  # drives magnitudes of table 2 (licensing, penalties …)

    @property
    def listing_path(self) -> str:
        return f"/{self.agency_id}/nianbao/index.html"

    @property
    def is_government(self) -> bool:
        return self.kind == "government"


_CITY = "青川市"
# (slug suffix, name suffix, sector) of the city's departments.
_CITY_DEPARTMENTS = (
    ("edu", "教育局", "education"),
    ("psb", "公安局", "police"),
    ("nrp", "自然资源和规划局", "land"),
    ("eco", "生态环境局", "environment"),
    ("hud", "住房和城乡建设局", "housing"),
    ("trans", "交通运输局", "transport"),
    ("health", "卫生健康委员会", "health"),
    ("samr", "市场监督管理局", "market"),
    ("civil", "民政局", "civil"),
    ("hrss", "人力资源和社会保障局", "labour"),
)
# (slug, name, level, departments as (slug suffix, name, sector)); "{r}" is the region's name.
_LOCAL_REGIONS = (
    (
        "lj",
        "临江区",
        "district",
        (
            ("edu", "{r}教育局", "education"),
            ("psb", "青川市公安局临江分局", "police"),
            ("civil", "{r}民政局", "civil"),
            ("health", "{r}卫生健康局", "health"),
            ("samr", "{r}市场监督管理局", "market"),
            ("agri", "{r}农业农村局", "agriculture"),
        ),
    ),
    (
        "bt",
        "北塘区",
        "district",
        (
            ("edu", "{r}教育局", "education"),
            ("fin", "{r}财政局", "finance"),
            ("hud", "{r}住房和城乡建设局", "housing"),
            ("health", "{r}卫生健康局", "health"),
            ("samr", "{r}市场监督管理局", "market"),
            ("emg", "{r}应急管理局", "emergency"),
        ),
    ),
    (
        "bs",
        "白沙县",
        "county",
        (
            ("edu", "{r}教育局", "education"),
            ("psb", "{r}公安局", "police"),
            ("trans", "{r}交通运输局", "transport"),
            ("health", "{r}卫生健康局", "health"),
            ("samr", "{r}市场监督管理局", "market"),
            ("agri", "{r}农业农村局", "agriculture"),
        ),
    ),
)


# Invented counties for a province-sized portal (benchmarks): two characters and 县 or 区.
_COUNTY_FIRST = "东西南北新青白金石云龙凤安永兴长清和丰宁"
_COUNTY_SECOND = "江河山川湖林原平阳溪"


def agencies(extra_regions: int = 0) -> list[Agency]:
    """Every agency of the portal, governments first within each region; ``extra_regions`` invented
    counties more (each a government and six departments), for a portal of a province's size."""
    city_region = f"{_CITY}本级"
    out = [Agency("qc-gov", f"{_CITY}人民政府", city_region, "city", "government", "", "government")]
    for suffix, name, sector in _CITY_DEPARTMENTS:
        out.append(
            Agency(f"qc-{suffix}", f"{_CITY}{name}", city_region, "city", "department", "qc-gov", sector)
        )
    for slug, region, level, departments in _LOCAL_REGIONS:
        gov_id = f"{slug}-gov"
        out.append(Agency(gov_id, f"{region}人民政府", region, level, "government", "qc-gov", "government"))
        for suffix, name, sector in departments:
            full_name = name.format(r=region)
            out.append(Agency(f"{slug}-{suffix}", full_name, region, level, "department", gov_id, sector))
    names = [f"{a}{b}{kind}" for kind in "县区" for a in _COUNTY_FIRST for b in _COUNTY_SECOND]
    if extra_regions > len(names):
        raise ValueError(f"at most {len(names)} extra regions, not {extra_regions}")
    for n, region in enumerate(names[:extra_regions]):
        slug, level = f"x{n:03d}", "county" if region.endswith("县") else "district"
        gov_id = f"{slug}-gov"
        out.append(Agency(gov_id, f"{region}人民政府", region, level, "government", "qc-gov", "government"))
        for suffix, name, sector in _LOCAL_REGIONS[n % len(_LOCAL_REGIONS)][3]:
            full_name = name.format(r=region).replace("临江分局", f"{region}分局")
            out.append(Agency(f"{slug}-{suffix}", full_name, region, level, "department", gov_id, sector))
    return out


def write_roster_paths(out_dir: Path, roster: list[Agency]) -> Path:
    """Write ``roster_paths.csv``: the roster with root-relative listing paths (host not yet known)."""
    path = out_dir / "roster_paths.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(_PATH_COLUMNS)
        for a in roster:
            writer.writerow([a.agency_id, a.name, a.region, a.level, a.kind, a.listing_path, a.parent_id])
    return path


def write_roster(out_dir: Path, base_url: str) -> Path:
    """Write ``out_dir/roster.csv`` with absolute portal URLs, once the server's base URL is known.

    Reads ``roster_paths.csv`` written by ``generate_portal`` so the roster always matches the site.
    """
    out_dir = Path(out_dir)
    base = base_url.rstrip("/")
    with (out_dir / "roster_paths.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    path = out_dir / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=ROSTER_COLUMNS)
        writer.writeheader()
        for row in rows:
            listing_path = row.pop("listing_path")
            writer.writerow({**row, "portal_url": base + listing_path})
    return path
