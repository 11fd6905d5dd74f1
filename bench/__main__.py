"""`make bench`: start the app in production mode on a fresh demo database and print the figures."""

import asyncio
import json
from pathlib import Path

from bench.app import running_app
from bench.awards import run as run_awards
from bench.dashboard import run as run_dashboard
from bench.ranking import run as run_ranking
from bench.registration_burst import run


def _session_token(email: str) -> str:
    from sqlmodel import select

    from champions.models import User
    from champions.services.accounts import start_session
    from champions.services.db import session_scope

    with session_scope() as session:
        user = session.exec(select(User).where(User.email == email)).one()
        return start_session(session=session, user=user)


def main() -> None:
    with running_app() as (url, _pid):
        token = _session_token("participant@champions.example")
        figures = asyncio.run(run(url, token, burst=20))
    ranking = run_ranking()
    awards = run_awards()
    board = run_dashboard()
    rows = [
        ("registration burst", "registrations", figures["registrations"], ""),
        ("registration burst", "errors", figures["errors"], ""),
        ("registration burst", "throughput", round(figures["per_second"], 2), "reg/s"),
        ("registration burst", "latency p50", round(figures["reg_p50"] * 1000), "ms"),
        ("registration burst", "latency p95", round(figures["reg_p95"] * 1000), "ms"),
        ("page event, idle", "p50", round(figures["idle_p50"] * 1000, 1), "ms"),
        ("page event, idle", "p95", round(figures["idle_p95"] * 1000, 1), "ms"),
        ("page event, during burst", "p50", round(figures["loaded_p50"] * 1000, 1), "ms"),
        ("page event, during burst", "p95", round(figures["loaded_p95"] * 1000, 1), "ms"),
        ("page event, during burst", "max", round(figures["loaded_max"] * 1000, 1), "ms"),
        ("ranking 2000×4×3×5", "score values", ranking["values"], ""),
        ("ranking 2000×4×3×5", "total (best of 5)", round(ranking["best"] * 1000), "ms"),
        ("ranking 2000×4×3×5", "arithmetic+rank", round(ranking["compute"] * 1000), "ms"),
        ("ranking 2000×4×3×5", "sqlite3 fetch floor", round(ranking["floor"] * 1000), "ms"),
        ("ranking 2000×4×3×5", "ratio to floor", round(ranking["best"] / ranking["floor"], 2), "x"),
        ("ranking 2000×4×3×5", "peak memory", round(ranking["peak_mb"], 1), "MB"),
        ("awards, 5000 participants", "recipients", awards["entries"], ""),
        ("awards, 5000 participants", "finalize", round(awards["finalize"] * 1000), "ms"),
    ] + [("awards, 5000 participants", f"export {fmt}", round(awards[fmt], 2), "s")
         for fmt in ("csv", "xlsx", "pdf", "certificates")] + [
        ("awards, 5000 participants", "certificate pages", awards["pages"], ""),
        ("awards, 5000 participants", "app peak memory", round(awards["certificates_peak_rss_mb"]), "MB"),
        ("dashboard 10k applicants", "attendance rows", board["attendance_rows"], ""),
        ("dashboard 10k applicants", "best of 5", round(board["dashboard_best"] * 1000), "ms"),
        ("dashboard 10k applicants", "worst of 5", round(board["dashboard_worst"] * 1000), "ms"),
        ("dashboard 10k applicants", "peak memory", round(board["peak_mb"], 1), "MB"),
        ("dashboard 10k applicants", "sqlite3 group-by floor", round(board["floor"] * 1000), "ms"),
        ("awards, 5000 participants", "typesetter peak", round(awards["certificates_typesetter_peak_rss_mb"]), "MB"),
    ]
    print(f"cores: {figures['cores']}")
    print(f"{'benchmark':<28}{'figure':<16}{'value':>10} unit")
    for bench, figure, value, unit in rows:
        print(f"{bench:<28}{figure:<16}{value:>10} {unit}")
    out = Path(__file__).parent / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps([{"benchmark": b, "figure": f, "value": v, "unit": u} for b, f, v, u in rows], indent=1))


if __name__ == "__main__":
    main()
