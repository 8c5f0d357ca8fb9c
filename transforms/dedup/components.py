"""Connected components of the verified edges, and the exact-group sizes each root absorbs.

Two ways, one result: ``(node, root)`` for every node that is not its component's minimum, and
``(root, summed exact-group sizes of the nodes under it)``.

- distributed: alternating large-star / small-star, each step one GroupByKey, unrolled
  ``max_rounds`` times (Beam graphs are static; rounds after convergence only move the final
  star edges); no step sees more than one node's neighbourhood. For Dataflow, Flink, Spark.
- single worker: union-find over all edges and sizes under one key, one GroupByKey. Only where
  the runner holds every shuffled collection in the launcher process anyway (the DirectRunner:
  the edges already sit there whole), where 2 x ``max_rounds`` more stages cost seconds of
  fixed overhead per run and nothing is gained by splitting.

Nodes are ordered, so the component minimum is the representative and no step gathers a whole
cluster to choose it.
"""

from __future__ import annotations

import apache_beam as beam

ABSORBED = "absorbed"
_EDGE, _SIZE = 0, 1


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


def _absorbed_size(element):
    """(node, {size: [its exact-group size], parent: [its root]}) -> (root, size) for a non-root node."""
    _, g = element
    if g["parent"] and g["size"]:
        yield g["parent"][0], g["size"][0]


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


def _union_find(element):
    """(_, [(EDGE, a, b) | (SIZE, node, size)]) -> (node, root) per non-root node, and
    (root, absorbed size) on ``ABSORBED``."""
    _, items = element
    parent: dict = {}
    sizes: dict = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent[x]
        return root

    for kind, x, y in items:
        if kind == _SIZE:
            sizes[x] = y
            continue
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    absorbed: dict = {}
    for x in list(parent):
        root = find(x)
        if root != x:
            yield x, root
            absorbed[root] = absorbed.get(root, 0) + sizes[x]
    for root, size in absorbed.items():
        yield beam.pvalue.TaggedOutput(ABSORBED, (root, size))


def components(edges: beam.PCollection, sizes: beam.PCollection, single_worker: bool, max_rounds: int):
    """Verified edges (a, b) and (node, exact-group size) for every node in them -> ((node, root)
    per non-root node, (root, absorbed size), unconverged count or None where it cannot happen)."""
    if single_worker:
        solved = ((edges | "EdgeItems" >> beam.Map(lambda ab: (None, (_EDGE, ab[0], ab[1]))),
                   sizes | "SizeItems" >> beam.Map(lambda ns: (None, (_SIZE, ns[0], ns[1]))))
                  | "GraphItems" >> beam.Flatten()
                  | "OneGraph" >> beam.GroupByKey()
                  | "UnionFind" >> beam.FlatMap(_union_find).with_outputs(ABSORBED, main="parents"))
        return solved.parents, solved[ABSORBED], None
    parents = edges | "Components" >> ConnectedComponents(max_rounds)
    absorbed = ({"size": sizes, "parent": parents}
                | "JoinSizeParent" >> beam.CoGroupByKey()
                | "AbsorbedSize" >> beam.FlatMap(_absorbed_size)
                | "SumAbsorbed" >> beam.CombinePerKey(sum))
    return parents, absorbed, count_unconverged(parents)
