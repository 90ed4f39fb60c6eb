"""The naive pipeline the benchmark compares against: parse every Turtle file with rdflib,
compute the owlrl closure, run the canned query with rdflib's SPARQL engine. No cache."""

import sys

import owlrl
from rdflib import Graph

from arkg import canned, paths
from arkg.enrich import enrich


def main(name: str) -> int:
    g = Graph()
    for f in paths.input_files():
        g.parse(f, format="turtle")
    enrich(g)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    rows = list(g.query(canned.get(name).text))
    print(len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "who-broke-relations"))
