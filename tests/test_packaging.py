"""Packaging: the wheel carries the ontology, shapes, facts and queries, and the command works
from any working directory; the version is written in one place."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

import arkg

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("arkg-*.whl"))


def test_wheel_contains_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ["arkg/_data/ontology/arkg.ttl", "arkg/_data/ontology/alignments.ttl",
                   "arkg/_data/ontology/internal.ttl", "arkg/_data/ontology/shapes/data.ttl",
                   "arkg/_data/queries/who-broke-relations.rq", "arkg/_data/graph/sources.ttl", "arkg/cli.py",
                   "arkg/server/templates/layout.html", "arkg/server/static/app.js"]:
        assert needed in names
    facts = [n for n in names if n.startswith("arkg/_data/graph/") and n.endswith(".ttl")]
    assert len(facts) == len(list((ROOT / "graph").rglob("*.ttl")))
    assert f"arkg-{arkg.__version__}.dist-info/METADATA" in names


def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(unpacked), "ARKG_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", "import arkg.paths as p; print(p.data_root())"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == str(unpacked / "arkg" / "_data")
    proc = subprocess.run([sys.executable, "-m", "arkg", "query", "who-broke-relations", "--format", "csv"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "https://w3id.org/arkg/id/soviet-union" in proc.stdout


def test_version_is_written_once_and_the_ontology_agrees():
    """The version is written in src/arkg/__init__.py only: pyproject reads it from there, and the
    build stamps every ontology module with it (the files in the repository carry none)."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and not re.search(r'^version\s*=', pyproject, re.M)
    modules = {"arkg.ttl": "https://w3id.org/arkg/ontology", "alignments.ttl": "https://w3id.org/arkg/ontology/alignments",
               "internal.ttl": "https://w3id.org/arkg/internal"}
    assert sorted(p.name for p in (ROOT / "ontology").glob("*.ttl")) == sorted(modules)
    built = arkg.graph(inferred=False)
    for name, iri in modules.items():
        g = Graph().parse(ROOT / "ontology" / name)
        assert set(g.subjects(RDF.type, OWL.Ontology)) == {URIRef(iri)}, name
        assert not re.search(r"[0-9]+\.[0-9]+\.[0-9]+", " ".join(
            str(o) for p in (OWL.versionInfo, OWL.versionIRI) for o in g.objects(URIRef(iri), p))), name
        assert built.value(URIRef(iri), OWL.versionInfo) == Literal(arkg.__version__), name
        assert built.value(URIRef(iri), OWL.versionIRI) == URIRef(f"{iri}/{arkg.__version__}"), name
    assert len(re.findall(r"__version__\s*=", (ROOT / "src" / "arkg" / "__init__.py").read_text())) == 1

def test_no_module_shares_a_name_with_a_library_function():
    """The library's functions live in the modules of their concepts, none of which bears a
    function's name: ``import arkg.x`` can never shadow ``arkg.x()``, and no wrapper module is
    needed."""
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(arkg.__path__)}
    functions = set(arkg.__all__) - {"__version__"}
    assert not modules & functions
    assert "api" not in modules
    for name in functions:
        function = getattr(arkg, name)
        assert callable(function) and function.__doc__, name
        assert function.__module__.split(".")[-1] in modules, (name, function.__module__)
