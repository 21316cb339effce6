namespace Almanac.Domain.Workforce;

/// <summary>Edmonds–Karp maximum flow on a small dense graph (a few hundred nodes), deterministic in its choices.</summary>
internal sealed class MaxFlow(int nodes)
{
    private readonly int[,] _capacity = new int[nodes, nodes];
    private readonly int[,] _flow = new int[nodes, nodes];

    public void AddEdge(int from, int to, int capacity) => _capacity[from, to] += capacity;

    public int Flow(int from, int to) => Math.Max(0, _flow[from, to]);

    public int Run(int source, int sink)
    {
        var total = 0;
        var parent = new int[nodes];
        while (true)
        {
            Array.Fill(parent, -1);
            parent[source] = source;
            var queue = new Queue<int>();
            queue.Enqueue(source);
            while (queue.Count > 0 && parent[sink] < 0)
            {
                var u = queue.Dequeue();
                for (var v = 0; v < nodes; v++)
                {
                    if (parent[v] < 0 && _capacity[u, v] - _flow[u, v] > 0)
                    {
                        parent[v] = u;
                        queue.Enqueue(v);
                    }
                }
            }
            if (parent[sink] < 0) return total;
            var push = int.MaxValue;
            for (var v = sink; v != source; v = parent[v]) push = Math.Min(push, _capacity[parent[v], v] - _flow[parent[v], v]);
            for (var v = sink; v != source; v = parent[v])
            {
                _flow[parent[v], v] += push;
                _flow[v, parent[v]] -= push;
            }
            total += push;
        }
    }
}
