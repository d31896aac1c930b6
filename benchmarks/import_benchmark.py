"""Import speed: our whole import (parse, normalise, deduplicate, store) against rispy alone.

    uv run python benchmarks/import_benchmark.py [--records 10000]

Generates a RIS file and a MEDLINE file of N realistic records (a tenth of them duplicates),
then times in the same run, each in a fresh process:
  - rispy.loads on the RIS text (the baseline: parsing alone, nothing stored);
  - Workspace.import_articles on the RIS file into a fresh SQLite workspace;
  - Workspace.import_articles on the MEDLINE file into a fresh workspace.
Peak memory is measured in a child process per import (ru_maxrss), so one import's memory does
not hide another's. Target: import no more than 3x rispy, peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

WORDS = (
    "nurse nurses mental health ward community patient care safety evidence practice engagement "
    "restrictive trauma informed supervision burnout loneliness older adults medication "
    "adherence self-harm young people peer support digital app fatigue falls dementia "
    "de-escalation training reflective learning"
).split()
JOURNALS = (
    "Journal of Psychiatric and Mental Health Nursing",
    "International Journal of Mental Health Nursing",
    "Journal of Advanced Nursing",
    "Nurse Education Today",
    "BMC Nursing",
)


def _title(rng: random.Random, n: int) -> str:
    return f"{' '.join(rng.choice(WORDS) for _ in range(9)).capitalize()}: study {n}"


def _record(rng: random.Random, n: int) -> dict:
    return {
        "title": _title(rng, n),
        "authors": [
            f"{rng.choice(['Smith', 'Okafor', 'Ní Bhriain', 'Nowak', 'Raman'])}, "
            f"{rng.choice(['Aoife', 'Zoë', 'Priya', 'Tomasz', 'Kwame'])}"
            for _ in range(4)
        ],
        "journal": rng.choice(JOURNALS),
        "year": rng.randint(2015, 2025),
        "doi": f"10.5555/bench.{n}",
        "pmid": str(80000000 + n),
        "abstract": " ".join(rng.choice(WORDS) for _ in range(200)),
        "pages": f"{100 + n % 50}-{112 + n % 50}",
    }


def records(count: int) -> list[dict]:
    rng = random.Random(20261121)
    unique = [_record(rng, n) for n in range(count - count // 10)]
    return unique + [dict(rng.choice(unique)) for _ in range(count // 10)]


def write_ris(items: list[dict], path: Path) -> None:
    lines = []
    for item in items:
        lines += ["TY  - JOUR", f"TI  - {item['title']}"]
        lines += [f"AU  - {a}" for a in item["authors"]]
        lines += [
            f"T2  - {item['journal']}",
            f"PY  - {item['year']}",
            f"DO  - {item['doi']}",
            f"SP  - {item['pages'].split('-')[0]}",
            f"EP  - {item['pages'].split('-')[1]}",
            f"AB  - {item['abstract']}",
            "KW  - Nursing",
            "KW  - Qualitative Research",
            "DB  - CINAHL Complete",
            "ER  - ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_medline(items: list[dict], path: Path) -> None:
    lines = []
    for item in items:
        abstract = item["abstract"]
        # PubMed wraps values at word boundaries, 80 characters a line with the tag.
        wrapped = textwrap.wrap(abstract, 74)
        lines += [
            f"PMID- {item['pmid']}",
            f"TI  - {item['title']}",
            "AB  - " + wrapped[0],
            *("      " + part for part in wrapped[1:]),
        ]
        for author in item["authors"]:
            lines += [f"FAU - {author}"]
        lines += [
            f"JT  - {item['journal']}",
            f"DP  - {item['year']} Mar",
            f"PG  - {item['pages']}",
            f"LID - {item['doi']} [doi]",
            "PT  - Journal Article",
            "LA  - eng",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


CHILD = """
import json, resource, sys, time
import rispy  # imported before timing, as in the baseline
from readinggroups import Workspace
from readinggroups.articles import dedupe
folder, export = sys.argv[1], sys.argv[2]
ws = Workspace.create(folder, group="Benchmark")
start = time.perf_counter()
result = ws.import_articles([export])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "new": len(result.new_ids), "duplicates": result.duplicates,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


RISPY_CHILD = """
import sys, time
from pathlib import Path
import rispy
start = time.perf_counter()
rispy.load(Path(sys.argv[1]), encoding="utf-8")
print(time.perf_counter() - start)
"""


def rispy_in_child(export: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", RISPY_CHILD, str(export)], capture_output=True, text=True, check=True
    )
    return float(done.stdout)


def import_in_child(export: Path, folder: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(export)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="best of N for each timing")
    parser.add_argument("--verbose", action="store_true", help="print every round's timings")
    options = parser.parse_args()
    count, repeat, verbose = options.records, options.repeat, options.verbose
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        items = records(count)
        ris, medline = folder / "export.ris", folder / "export.txt"
        write_ris(items, ris)
        write_medline(items, medline)
        # rispy.load reads and parses the file: the same work our import starts with. It runs
        # in a fresh process like each import, so neither carries the other's garbage.
        # Rounds interleave the three timings, so a slow spell of the machine (shared virtual
        # machines have them) falls on all of them rather than on one.
        baselines, results = [], {"RIS": [], "MEDLINE": []}
        for n in range(repeat):
            baselines.append(rispy_in_child(ris))
            for name, export in (("RIS", ris), ("MEDLINE", medline)):
                results[name].append(import_in_child(export, folder / f"{name}-{n}"))
            if verbose:
                times = "  ".join(f"{k} {v[-1]['seconds']:.3f}" for k, v in results.items())
                print(f"  round {n + 1}: rispy {baselines[-1]:.3f}  {times}")
        baseline = min(baselines)
        runs = {name: min(found, key=lambda r: r["seconds"]) for name, found in results.items()}
        print(f"{count} records ({count // 10} duplicates), best of {repeat}")
        print(f"  rispy.load alone (baseline):  {baseline:6.2f} s")
        for name, run in runs.items():
            ratio = run["seconds"] / baseline
            print(
                f"  our {name:<7} import:           {run['seconds']:6.2f} s  "
                f"= {ratio:4.2f}x rispy  (target <= 3x)  peak {run['peak_mb']:.0f} MB "
                f"(target < 500)  {run['new']} new, {run['duplicates']} duplicates"
            )


if __name__ == "__main__":
    main()
