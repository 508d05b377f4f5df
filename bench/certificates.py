"""Certificate cost: median render (WeasyPrint) and sign (pyHanko, PAdES) time per certificate, and
the wall time of a batch of 200 through the worker (render, sign, store, commit).

    .venv/bin/python bench/certificates.py [--batch 200] [--database-url URL]

Without --database-url a fresh SQLite file is used; a given URL must name an empty database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench.world

from bench.world import demo_world
from webapp.applications import services as applications
from webapp.applications.models import Brand
from webapp.auth.models import User
from webapp.certificates import keys, render, sign
from webapp.certificates.services import init_development_keys, plan
from webapp.clock import now_utc
from webapp.db import session, transaction
from webapp.demo.data import application_form
from webapp.worker import issue_pending_certificates


def view(number: int) -> render.CertificateView:
    return render.CertificateView(
        number=f"LB-610300-2026-{number:05d}", token="K7Q2-M9XD", brand="西岐名吃", brand_type="文化和旅游类",
        trades="面点师、中式烹调师", unit="岐山县西岐名吃产业协会", region_name="宝鸡市",
        region_path="陕西省 宝鸡市 岐山县 蔡家坡镇 岐星村", level_name="市级", authority="宝鸡市人力资源和社会保障局",
        issued_on=date(2026, 11, 21), valid_until=date(2029, 11, 20),
        verify_url=f"https://brandcert.example/verify/LB-610300-2026-{number:05d}?t=K7Q2-M9XD")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    app, _workdir = demo_world(args.database_url)
    with app.app_context():  # the keys and PDFs go where the app's settings say
        init_development_keys()

        identity = keys.active_identity("610300")
        assert identity is not None
        started = time.perf_counter()
        signer = sign.signer_for(identity.key_path, identity.certificate_pem, identity.chain_pem)
        load_ms = (time.perf_counter() - started) * 1000
        render.render_pdf(view(0))  # fonts and templates warm up once per process
        renders, signs = [], []
        for number in range(1, args.samples + 1):
            started = time.perf_counter()
            pdf = render.render_pdf(view(number))
            renders.append(time.perf_counter() - started)
            started = time.perf_counter()
            sign.sign_pdf(pdf, signer, reason="劳务品牌认定", location="宝鸡市")
            signs.append(time.perf_counter() - started)

        unit_user = session.query(User).filter_by(username="xiqi.unit").one()
        form = application_form("岐山面食师", "高品质服务型", "餐饮服务", "面点师", "610323101900", 3000, 500, 400,
                                "张三")
        for index in range(args.batch):
            applications.submit({**form, "brand_name": f"岐山面食师{index}"}, actor=unit_user)
        with transaction():
            for brand in session.query(Brand).all():
                plan(brand, level="city", region_code="610300", application_id=None, at=now_utc())
        started = time.perf_counter()
        issued = issue_pending_certificates(limit=args.batch + 10)
        batch_seconds = time.perf_counter() - started

    print(f"signer load (once per identity, then cached): {load_ms:.1f} ms")
    print(f"render per certificate (WeasyPrint, CJK subset):  median {statistics.median(renders) * 1000:6.1f} ms")
    print(f"sign per certificate (pyHanko PAdES, EC P-256):    median {statistics.median(signs) * 1000:6.1f} ms")
    print(f"batch of {issued} through the worker (render, sign, store, commit): {batch_seconds:.1f} s "
          f"({batch_seconds / max(issued, 1) * 1000:.0f} ms each)")


if __name__ == "__main__":
    main()
