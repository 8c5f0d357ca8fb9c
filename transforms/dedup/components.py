"""Connected components of the verified edges, in Beam: alternating large-star / small-star.

Each step is one GroupByKey, unrolled ``max_rounds`` times (Beam graphs are static; rounds after
convergence only move the final star edges). Nodes are ordered, so the component minimum is the
representative and no step gathers a whole cluster to choose it.
"""

from __future__ import annotations

import apache_beam as beam


def _large_star(element):
    u, nbrs = element
    nbrs = set(nbrs)
    m = min(min(nbrs), u)
    for v in nbrs:
        if v > u:
            yield v, m


def _small_star(element):
    u, nbrs = element
    group = {v for v in nbrs if v < u} | {u}
    m = min(group)
    for v in group:
        if v != m:
            yield v, m


class ConnectedComponents(beam.PTransform):
    """Undirected edges (a, b) of orderable nodes -> (node, component minimum) for every
    node that is not its component's minimum.

    Alternating large-star / small-star (Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii:
    "Connected Components in MapReduce and Beyond", SoCC 2014): each step is one
    GroupByKey over the current edges, no step sees more than one node's neighbourhood,
    and the edge count never grows. Converges in O(log^2 n) rounds (log n in practice);
    ``max_rounds`` unrolls the loop (a converged star passes unchanged). Nodes whose
    parent is not yet a root after the cap are counted under ``unconverged`` (a report
    entry) and still point at a smaller node of their component.
    """

    def __init__(self, max_rounds: int = 12):
        super().__init__()
        self.max_rounds = max_rounds

    def expand(self, edges):
        e = edges | "Orient" >> beam.Map(lambda ab: (max(ab), min(ab)))
        for r in range(self.max_rounds):
            e = (e
                 | f"LargeStarBoth{r}" >> beam.FlatMap(lambda ab: [(ab[0], ab[1]), (ab[1], ab[0])])
                 | f"LargeStarGroup{r}" >> beam.GroupByKey()
                 | f"LargeStar{r}" >> beam.FlatMap(_large_star)
                 | f"SmallStarGroup{r}" >> beam.GroupByKey()
                 | f"SmallStar{r}" >> beam.FlatMap(_small_star))
        return e | "Parent" >> beam.CombinePerKey(min)


def _unconverged(element):
    """Per node: 1 if it has a parent and is itself a parent (the star is not flat yet)."""
    _, groups = element
    return [1] if groups["child_of"] and groups["parent_of"] else []


def count_unconverged(parents: beam.PCollection) -> beam.PCollection:
    """(node, parent) pairs from ``ConnectedComponents`` -> one count: the nodes that are both a
    child and a parent (their star is not flat yet: ``max_rounds`` was too low)."""
    return ({"child_of": parents | "ChildOf" >> beam.Map(lambda e: (e[0], 1)),
             "parent_of": parents | "ParentOf" >> beam.Map(lambda e: (e[1], 1))}
            | "JoinStars" >> beam.CoGroupByKey()
            | "Unconverged" >> beam.FlatMap(_unconverged)
            | "SumUnconverged" >> beam.CombineGlobally(sum))
