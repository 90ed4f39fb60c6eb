"""OWL 2 RL reasoning: three reasoners that give the same closure (``arkg build --reasoner``).

* ``owlrl`` — the reference implementation (pure Python; each fixpoint cycle rescans the graph).
* ``native`` — the default: the OWL 2 RL rules for the constructs the ARKG ontology uses, applied
  semi-naively over per-predicate sets of (subject, object) pairs: cax-sco, cax-eqc, prp-spo1,
  prp-spo2 (property chains of any length), prp-inv1/2, prp-symp, prp-trp, prp-dom, prp-rng,
  prp-eqp, the schema rules scm-cls, scm-op, scm-dp, scm-sco, scm-spo, scm-eqc1/2, scm-eqp1/2,
  scm-dom1/2, scm-rng1/2, and owlrl's conventions: cls-thing, cls-nothing1, prp-ap, eq-ref (every
  IRI and blank node owl:sameAs itself), dt-type1 and the datatype disjointness it states. A graph
  that uses anything else (restrictions, class expressions, keys, disjointness, owl:sameAs
  between distinct nodes, or a functional property with two values, which would need the
  eq-rep rules) falls back to owlrl with a warning: the closure is never silently incomplete.
* ``reasonable`` — the Rust reasoner from PyPI, completed by the native rules: on this ontology
  it applies no property chains (prp-spo2), none of the schema rules, returns blank nodes whose
  label does not start with "N" as IRIs, plain literals typed xsd:string, and types classes,
  properties and list nodes owl:Thing; all of that is repaired here.

``tests/test_reasoners.py`` checks that all three give the same answers to every canned query
(and, on the shipped graph and generated data, the same triples). Wikidata links are annotations
(arkg:wikidata), which the OWL 2 RL rules leave alone, so no local entity is ever merged with a
Wikidata item. Triples with a literal subject (from owlrl's datatype rules) are dropped.

The engine (fixpoint, pair sets, fallback to owlrl) is :mod:`arkg.reasoning.engine`; the rules,
one function per OWL 2 RL rule named by its rule ID, are :mod:`arkg.reasoning.rules`.
"""

from .engine import REASONERS, PairStore, closure
from .rules import Unsupported

__all__ = ["REASONERS", "PairStore", "Unsupported", "closure"]
