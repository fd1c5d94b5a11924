"""Matching the national system's (SIMKOPDES) unit names to Kemendagri regions, one parent at a time.

The national system spells names its own way: `KAB. PASER`, `Kec.` present or missing, `Simpang peut` for
`Simpang Peut`, `Tj.` for `Tanjung`, old and new names. A name is matched only among the children of the region its
parent was matched to, so `Muara Adang` in kecamatan Long Ikis can never land on `Muara Adang II` in Long Kali.

Inside a parent:

1. both sides are normalised the same way (`name_key`): case, accents, punctuation and spacing go; the level's
   prefixes (`KAB.`, `KABUPATEN`, `KEC.`, `DESA`, `KELURAHAN`, …) go; a few abbreviations are spelled out
   (`Tj.` → tanjung, `Sei` → sungai, `Kep.` → kepulauan); roman numerals become digits. The key is the remaining
   words run together, so `Simpangpeut` and `Simpang Peut` are the same key;
2. exact: the key of one child, and only one, equals the name's key. Two children with the same key are
   `ambiguous`, never a guess. A regency named without `KAB.`/`KOTA` is compared without the kind, and is
   ambiguous when both a kabupaten and a kota of that name exist (Bekasi, Bogor, …);
3. fuzzy (rapidfuzz `fuzz.ratio` on the keys) among the children not already taken by an exact match in the same
   file. A candidate is accepted at `FUZZY_THRESHOLD` or more, and only when the runner-up is at least
   `FUZZY_MARGIN` points behind; otherwise the row is `ambiguous` (two close candidates) or `unmatched` (none close
   enough), with the best candidates kept for the review page. A difference in the words that tell siblings apart
   (numbers, `Baru`/`Lama`, `Utara`/`Selatan`/…, `Hulu`/`Hilir`, …) keeps a candidate below the threshold:
   `Sungai Pinang` is not `Sungai Pinang Baru` however close the letters are. Two rows of one file that would take
   the same region by fuzzy match are both ambiguous.

Everything here is pure Python over lists the caller loaded once per level; no query per row."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# Accept a fuzzy candidate at this score (0–100) or above …
FUZZY_THRESHOLD = 85
# … and only when the runner-up is at least this many points behind; otherwise the two are too close to call.
FUZZY_MARGIN = 6
# Candidates below this score are not worth showing on the review page.
CANDIDATE_FLOOR = 40
CANDIDATE_LIMIT = 5

PROVINCE, REGENCY, DISTRICT, VILLAGE = "province", "regency", "district", "village"

# Words that only say what kind of unit follows, by level (multi-word prefixes as tuples of words).
LEVEL_PREFIXES: dict[str, tuple[tuple[str, ...], ...]] = {
    PROVINCE: (("provinsi",), ("prov",), ("propinsi",)),
    REGENCY: (("kabupaten",), ("kab",), ("administrasi",), ("adm",)),
    DISTRICT: (("kecamatan",), ("kec",), ("distrik",)),
    VILLAGE: (("desa",), ("kelurahan",), ("kel",), ("ds",)),
}
# Words that are part of many Kemendagri village names ("Kampung Baru") but that the national system may add or
# leave out: a name is also looked up without them (`bare`), when it has no exact match with them.
OPTIONAL_PREFIXES = {VILLAGE: frozenset({"kampung", "gampong", "nagari"})}
# Abbreviations spelled out on both sides, so either spelling gives the same key.
SYNONYMS = {
    "tj": "tanjung",
    "tg": "tanjung",
    "tjg": "tanjung",
    "sg": "sungai",
    "kep": "kepulauan",
    "kepl": "kepulauan",
    "kp": "kampung",
    "kab": "kabupaten",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "prop": "provinsi",
    "prov": "provinsi",
    "propinsi": "provinsi",
    "ds": "desa",
    "adm": "administrasi",
}
PROVINCE_SYNONYMS = {"dki": ("daerah", "khusus", "ibukota"), "di": ("daerah", "istimewa")}
ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
    "xi": "11",
    "xii": "12",
    "xiii": "13",
    "xiv": "14",
    "xv": "15",
}
# Words that tell siblings apart ("Sungai Pinang" and "Sungai Pinang Baru" are two villages).
QUALIFIERS = frozenset(
    {
        "baru",
        "lama",
        "utara",
        "selatan",
        "barat",
        "timur",
        "tengah",
        "hulu",
        "hilir",
        "ulu",
        "ilir",
        "atas",
        "bawah",
        "darat",
        "laut",
        "dalam",
        "luar",
        "induk",
        "besar",
        "kecil",
        "pusat",
        "raya",
        "lor",
        "kidul",
        "wetan",
        "kulon",
        "daya",
        "jaya",
        "makmur",
        "indah",
        "sari",
        "asri",
        "permai",
        "satu",
        "dua",
        "tiga",
        "kota",
    }
)
_APOSTROPHES = re.compile(r"['’‘`ʼ´]")
_WORDS = re.compile(r"[a-z]+|[0-9]+")


@dataclass(frozen=True)
class NameKey:
    """A normalised name: `key` for exact comparison; `bare` without the kabupaten/kota kind (regencies) or a
    leading `Kampung`/`Gampong`/`Nagari` (villages); `kind` "kota"/"kabupaten" when the name said so;
    `qualifiers` the words that tell siblings apart; `words` what is left after the prefixes; `short` the
    compared string with "sungai" written "sei"."""

    key: str
    bare: str
    kind: str
    qualifiers: frozenset[str]
    words: tuple[str, ...] = ()
    short: str = ""


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHES.sub("", text)
    return _WORDS.findall(text)


@lru_cache(maxsize=8192)
def name_key(name: str, level: str) -> NameKey:
    words = _words(name)
    expanded: list[str] = []
    for word in words:
        if level == PROVINCE and word in PROVINCE_SYNONYMS and len(words) > 1:
            expanded.extend(PROVINCE_SYNONYMS[word])
            continue
        word = SYNONYMS.get(word, word)
        if word.isdigit():
            word = str(int(word))
        expanded.append(word)
    kind = ""
    prefixes = _prefixes(level)
    # Strip the level's prefixes from the front (never the whole name); remember kabupaten/kota for regencies.
    changed = True
    while changed and len(expanded) > 1:
        changed = False
        if level == REGENCY and expanded[0] == "kota":
            kind = "kota"
            expanded = expanded[1:]
            changed = True
            continue
        for prefix in prefixes:
            if len(expanded) > len(prefix) and tuple(expanded[: len(prefix)]) == prefix:
                if level == REGENCY and prefix == ("kabupaten",):
                    kind = "kabupaten"
                expanded = expanded[len(prefix) :]
                changed = True
                break
    if len(expanded) > 1:  # "Muara Adang II" → muara adang 2, "IV Koto" → 4 koto
        expanded = [ROMAN.get(word, word) for word in expanded]
    joined = "".join(expanded)
    key = f"kota{joined}" if kind == "kota" else joined
    bare = joined
    optional = OPTIONAL_PREFIXES.get(level, ())
    if len(expanded) > 1 and expanded[0] in optional:
        bare = "".join(expanded[1:])
    qualifiers = frozenset(w for w in expanded if w in QUALIFIERS or w.isdigit())
    # "Sei" is short for "Sungai" (river): `short` says it the short way inside the joined key as well, so that
    # a run-together "Seibamban" still meets "Sungai Bamban".
    short = (bare if level == REGENCY else key).replace("sungai", "sei")
    return NameKey(key=key, bare=bare, kind=kind, qualifiers=qualifiers, words=tuple(expanded), short=short)


@lru_cache(maxsize=8)
def _prefixes(level: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(SYNONYMS.get(w, w) for w in prefix) for prefix in LEVEL_PREFIXES[level])


@lru_cache(maxsize=50_000)
def _qualifier_of(word: str) -> str | None:
    """A misspelt qualifier still counts as one ("Bru" is "Baru"): the closest qualifier at 85 or more."""
    if word in QUALIFIERS:
        return word
    if len(word) < 3 or word.isdigit():
        return None
    best = process.extractOne(word, QUALIFIERS, scorer=fuzz.ratio, score_cutoff=85)
    return best[0] if best else None


def _qualifier_like(key: NameKey) -> tuple[str, ...]:
    """The words of a (possibly misspelt) name that are or look like qualifiers ("Bru" for "Baru")."""
    return tuple(word for word in key.words if not word.isdigit() and _qualifier_of(word))


def _present(word: str, text: str) -> bool:
    return word in text or fuzz.partial_ratio(word, text) >= 75


def compatible(query_key: NameKey, query_qualifiers: tuple[str, ...], candidate_key: NameKey) -> bool:
    """False when the two names differ in a word that tells siblings apart: a number, or a qualifier of one side
    that the other side lacks (looked for inside the run-together key, so merged words still count)."""
    if frozenset(w for w in query_key.qualifiers if w.isdigit()) != frozenset(
        w for w in candidate_key.qualifiers if w.isdigit()
    ):
        return False
    for word in candidate_key.qualifiers:
        if not word.isdigit() and not _present(word, query_key.bare):
            return False
    return all(_present(word, candidate_key.bare) for word in query_qualifiers)


# Levels whose names are shortened to initials in the national system (OKU, OKI, HSS, NTB, …).
ACRONYM_LEVELS = frozenset({PROVINCE, REGENCY})
ACRONYM_SCORE = 90.0


def _acronyms(words: tuple[str, ...]) -> set[str]:
    """The name with each run of 2–4 words replaced by their initials ("ogan komering ulu selatan" → "okuselatan",
    "okus", …)."""
    variants = set()
    for start in range(len(words)):
        for end in range(start + 2, min(len(words), start + 4) + 1):
            initials = "".join(word[0] for word in words[start:end])
            variants.add("".join(words[:start]) + initials + "".join(words[end:]))
    return variants


@dataclass
class Candidate:
    code: str
    name: str
    kind: str
    key: NameKey


@dataclass
class Outcome:
    """The result of matching one name: status matched/unmatched/ambiguous, how (exact/fuzzy), the region code,
    the score (100 for exact) and the best candidates for a person to choose from."""

    status: str
    method: str = ""
    code: str | None = None
    score: float | None = None
    candidates: list[dict] = field(default_factory=list)


class ChildIndex:
    """The children of one matched parent, indexed once by key (and by bare key for regencies)."""

    def __init__(self, level: str, children: Iterable[tuple[str, str]]):
        self.level = level
        self.children: list[Candidate] = []
        self.by_key: dict[str, list[Candidate]] = defaultdict(list)
        self.by_bare: dict[str, list[Candidate]] = defaultdict(list)
        self.by_short: dict[str, list[Candidate]] = defaultdict(list)
        self.by_acronym: dict[str, list[Candidate]] = defaultdict(list)
        for code, name in children:
            key = name_key(name, level)
            kind = key.kind or ("kabupaten" if level == REGENCY else "")
            candidate = Candidate(code=code, name=name, kind=kind, key=key)
            self.children.append(candidate)
            self.by_key[key.key].append(candidate)
            self.by_bare[key.bare].append(candidate)
            if key.short != key.key:
                self.by_short[key.short].append(candidate)
            if level in ACRONYM_LEVELS:
                for variant in _acronyms(key.words):
                    self.by_acronym[variant].append(candidate)

    def exact(self, name: str) -> list[Candidate]:
        key = name_key(name, self.level)
        if self.level == REGENCY and not key.kind:
            return self.by_bare.get(key.bare, [])  # no KAB./KOTA: either kind may be meant
        found = self.by_key.get(key.key, [])
        if not found and self.level in OPTIONAL_PREFIXES:
            found = self.by_bare.get(key.bare, [])
        if not found and self.level != REGENCY:
            found = self.by_short.get(key.short, []) + self.by_key.get(key.short, [])
        return found

    def acronym(self, name: str) -> list[Candidate]:
        """Children whose name, with a run of words shortened to initials, is this name (`OKU Selatan` is
        `Ogan Komering Ulu Selatan`)."""
        if self.level not in ACRONYM_LEVELS:
            return []
        return self.by_acronym.get(name_key(name, self.level).bare, [])

    def fuzzy(self, name: str, taken: set[str]) -> list[tuple[Candidate, float]]:
        """Scored candidates among the children not taken, best first."""
        pool = [c for c in self.children if c.code not in taken]
        if not pool:
            return []
        key = name_key(name, self.level)
        regency_bare = self.level == REGENCY
        query = key.bare if regency_bare else key.key
        best: dict[int, float] = {}
        # Compared as written and with "sungai" as "sei" on both sides; the better of the two counts.
        for q, choices in (
            (query, [c.key.bare if regency_bare else c.key.key for c in pool]),
            (key.short, [c.key.short for c in pool]),
        ):
            for choice, distance, index in process.extract(q, choices, scorer=OSA.distance, limit=CANDIDATE_LIMIT + 3):
                best[index] = max(best.get(index, 0.0), similarity(q, choice, distance))
        qualifiers = _qualifier_like(key)
        scored = []
        for index, score in best.items():
            candidate = pool[index]
            if not compatible(key, qualifiers, candidate.key):
                score = min(score, FUZZY_THRESHOLD - 1) - 5
            if regency_bare and key.kind and candidate.kind != key.kind:
                score = min(score, FUZZY_THRESHOLD - 1) - 5
            scored.append((candidate, round(float(score), 1)))
        scored.sort(key=lambda item: (-item[1], item[0].code))
        return [item for item in scored if item[1] >= CANDIDATE_FLOOR][:CANDIDATE_LIMIT]


def similarity(a: str, b: str, distance: int | None = None) -> float:
    """0–100 from the number of edits between two keys (a transposed pair of letters is one edit), relative to
    their length plus two: one edit in a 5-letter name still scores 85.7, in a 12-letter name 92.9."""
    if distance is None:
        distance = OSA.distance(a, b)
    return 100.0 * (1 - distance / (max(len(a), len(b)) + 2))


def candidate_list(scored: list[tuple[Candidate, float]]) -> list[dict]:
    return [{"code": c.code, "name": c.name, "score": score} for c, score in scored]


def match_siblings(index: ChildIndex | None, names: list[str], *, taken: set[str] | None = None) -> list[Outcome]:
    """Match the names of one parent's children (in the national system) against that parent's children in
    Kemendagri. `taken` holds codes already matched to other units of this parent (by id), so fuzzy matching
    does not offer them again. Returns one Outcome per name, in order."""
    if index is None:
        return [Outcome(status="unmatched") for _ in names]
    taken = set(taken or ())
    outcomes: list[Outcome | None] = [None] * len(names)
    # 1. Exact, claiming regions; a region claimed by two names of this file is ambiguous for both.
    exact_claims: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        found = index.exact(name)
        if len(found) == 1:
            exact_claims[found[0].code].append(i)
        elif len(found) > 1:
            outcomes[i] = Outcome(
                status="ambiguous",
                score=100.0,
                candidates=[{"code": c.code, "name": c.name, "score": 100.0} for c in found],
            )
    for code, rows in exact_claims.items():
        candidate = next(c for c in index.children if c.code == code)
        for i in rows:
            if len(rows) == 1:
                outcomes[i] = Outcome(status="matched", method="exact", code=code, score=100.0)
            else:
                outcomes[i] = Outcome(
                    status="ambiguous", score=100.0, candidates=[{"code": code, "name": candidate.name, "score": 100.0}]
                )
        taken.add(code)
    # 2. Fuzzy among the rest (initials first); a region wanted by two names is ambiguous for both.
    fuzzy_claims: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        if outcomes[i] is not None:
            continue
        by_initials = [c for c in index.acronym(name) if c.code not in taken]
        if len(by_initials) == 1:
            code = by_initials[0].code
            candidates = [{"code": code, "name": by_initials[0].name, "score": ACRONYM_SCORE}]
            outcomes[i] = Outcome(
                status="matched", method="fuzzy", code=code, score=ACRONYM_SCORE, candidates=candidates
            )
            fuzzy_claims[code].append(i)
            continue
        scored = index.fuzzy(name, taken)
        candidates = candidate_list(scored)
        if not scored or scored[0][1] < FUZZY_THRESHOLD:
            outcomes[i] = Outcome(status="unmatched", score=scored[0][1] if scored else None, candidates=candidates)
            continue
        best, best_score = scored[0]
        runner_up = scored[1][1] if len(scored) > 1 else 0.0
        if best_score - runner_up < FUZZY_MARGIN:
            outcomes[i] = Outcome(status="ambiguous", score=best_score, candidates=candidates)
            continue
        outcomes[i] = Outcome(status="matched", method="fuzzy", code=best.code, score=best_score, candidates=candidates)
        fuzzy_claims[best.code].append(i)
    for rows in fuzzy_claims.values():
        if len(rows) > 1:
            for i in rows:
                outcome = outcomes[i]
                outcomes[i] = Outcome(status="ambiguous", score=outcome.score, candidates=outcome.candidates)
    return [outcome for outcome in outcomes if outcome is not None]
