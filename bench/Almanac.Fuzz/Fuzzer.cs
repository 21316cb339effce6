using System.Diagnostics;
using System.Globalization;
using Almanac.Domain;
using CsCheck;

namespace Almanac.Fuzz;

/// <summary>What a target's run found.</summary>
public sealed record FuzzSummary(string Target, long Inputs, long Accepted, long Refused, int Crashes, long CrashHits, TimeSpan Elapsed, TimeSpan Slowest, long MostAllocated);

/// <summary>
/// Runs one target for a time budget with CsCheck: the property is that every input is imported or refused with an
/// <see cref="AlmanacException"/> (a refused import leaving the store as it was), within the target's time bound and
/// <see cref="AllocationBound"/>; anything else is a crash. The budget is spent in rounds of <see cref="Round"/>: a new
/// crash fails the round's property, CsCheck spends the rest of the round shrinking it (trying only smaller cases), and
/// the smallest failing input is saved to the output folder; from then on that crash (by exception type and place) no
/// longer fails the property, so that the next rounds look for others.
/// </summary>
public sealed class Fuzzer(FuzzTarget target, string repositoryRoot, string outputFolder, TextWriter log)
{
    public const long AllocationBound = 1L << 30;
    public static readonly TimeSpan Round = TimeSpan.FromSeconds(60);
    /// <summary>A fresh store after this many inputs, so that no run depends on what earlier inputs left.</summary>
    private const int InputsPerStore = 500;

    private readonly Dictionary<string, int> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Input, FuzzCase Case, string Detail)> _pending = new(StringComparer.Ordinal);
    private readonly string _work = Directory.CreateTempSubdirectory("almanac-fuzz-").FullName;
    private IReadOnlyList<byte[]> _seeds = [];
    private FuzzStore? _store;
    private int _storeInputs;
    private string? _fingerprint;
    private long _inputs, _accepted, _refused, _crashHits, _mostAllocated;
    private TimeSpan _slowest;

    public async Task<FuzzSummary> RunAsync(TimeSpan budget)
    {
        _seeds = target.Seeds(repositoryRoot);
        var gen = target.Cases(_seeds.Count);
        log.WriteLine($"{target.Name}: {target.Description}; {_seeds.Count} seed file(s); input file {Path.Combine(_work, target.FileName)}");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < budget - TimeSpan.FromSeconds(1))
        {
            var seconds = (int)Math.Max(1, Math.Min(Round.TotalSeconds, (budget - clock.Elapsed).TotalSeconds));
            try
            {
                gen.Sample(Check, iter: long.MaxValue, time: seconds, threads: 1, print: c => c.ToString());
            }
            catch (Exception e) when (_pending.Count > 0)
            {
                _ = e;
            }
            foreach (var (signature, crash) in _pending) Save(signature, crash.Input, crash.Case, crash.Detail);
            _pending.Clear();
        }
        if (_store is not null) await _store.DisposeAsync();
        try
        {
            Directory.Delete(_work, true);
        }
        catch (IOException)
        {
        }
        return new FuzzSummary(target.Name, _inputs, _accepted, _refused, _known.Count, _crashHits, clock.Elapsed, _slowest, _mostAllocated);
    }

    /// <summary>The property CsCheck samples: throws for a crash not seen before.</summary>
    private void Check(FuzzCase c)
    {
        var input = target.Bytes(c, _seeds);
        var (signature, detail) = Run(input, c.Flag);
        if (signature is null) return;
        if (_known.TryGetValue(signature, out var hits))
        {
            _known[signature] = hits + 1;
            _crashHits++;
            return;
        }
        // CsCheck only tries cases smaller than the smallest failure from here on: the last one kept is the shrunk one.
        _pending[signature] = (input, c, detail!);
        throw new InvalidOperationException($"crash {signature}: {detail}");
    }

    /// <summary>Imports one input; returns the crash's signature and detail, or nulls when it held.</summary>
    private (string? Signature, string? Detail) Run(byte[] input, bool flag)
    {
        _inputs++;
        var result = Attempt(input, flag);
        if (result.Signature == "slow")
        {
            // Once more before calling it a hang: the machine is shared and the fuzzer runs at the lowest priority.
            result = Attempt(input, flag);
        }
        return result;
    }

    private (string? Signature, string? Detail) Attempt(byte[] input, bool flag)
    {
        var path = Path.Combine(_work, target.FileName);
        File.WriteAllBytes(path, input);
        string? before = null;
        if (target.SeedStore is not null)
        {
            if (_store is null || _storeInputs++ >= InputsPerStore) ResetStore();
            // What the store holds changes only when an input is imported: the fingerprint is taken again only then.
            before = _fingerprint ??= _store!.FingerprintAsync(default).GetAwaiter().GetResult();
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var task = Task.Run(() => target.Import(path, _store, flag, CancellationToken.None));
        Exception? error = null;
        try
        {
            if (!task.Wait(target.TimeBound))
            {
                // Let it finish (or give up on it and its store) before the next input; it is a crash either way.
                var finished = task.Wait(TimeSpan.FromSeconds(30));
                var seconds = watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                if (!finished) _store = null;
                _fingerprint = null;
                return ("slow", finished ? $"took {seconds} s, more than {target.TimeBound.TotalSeconds} s" : $"still running after {seconds} s");
            }
        }
        catch (AggregateException e)
        {
            error = e.InnerException;
        }
        var elapsed = watch.Elapsed;
        if (elapsed > _slowest) _slowest = elapsed;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        if (allocated > _mostAllocated) _mostAllocated = allocated;
        if (allocated > AllocationBound)
        {
            _fingerprint = null;
            return ("memory", $"allocated {allocated / (1 << 20)} MiB, more than {AllocationBound / (1 << 20)} MiB");
        }
        switch (error)
        {
            case null:
                _accepted++;
                _fingerprint = null;
                return (null, null);
            case AlmanacException refused:
                _refused++;
                if (before is not null)
                {
                    var after = _store!.FingerprintAsync(default).GetAwaiter().GetResult();
                    if (after != before) _fingerprint = null;
                    if (after != before) return ("store-changed", $"refused ({refused.Message}) but the store changed");
                }
                return (null, null);
            default:
                if (error is OutOfMemoryException) _store = null;
                _fingerprint = null;
                return (Signature(error), $"{error.GetType().FullName}: {error.Message}\n{error.StackTrace}");
        }
    }

    private void ResetStore()
    {
        if (_store is not null) _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store = FuzzStore.CreateAsync(target.SeedStore!, default).GetAwaiter().GetResult();
        _storeInputs = 0;
        _fingerprint = null;
    }

    /// <summary>A crash's identity: the exception type and the first Almanac frame it passed through.</summary>
    private static string Signature(Exception error)
    {
        var frame = new StackTrace(error).GetFrames().Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.FullName?.StartsWith("Almanac.", StringComparison.Ordinal) == true);
        var place = frame is null ? "?" : $"{frame.DeclaringType!.FullName}.{frame.Name}";
        return $"{error.GetType().Name}@{place}";
    }

    private void Save(string signature, byte[] input, FuzzCase c, string detail)
    {
        _known[signature] = 1;
        _crashHits++;
        Directory.CreateDirectory(outputFolder);
        var safe = new string([.. signature.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_')]);
        var stem = Path.Combine(outputFolder, $"{target.Name}-{safe}");
        var extension = Path.GetExtension(target.FileName);
        File.WriteAllBytes(stem + extension, input);
        File.WriteAllText(stem + ".log", $"target {target.Name}\ncase {c}\n{input.Length} bytes\n{detail}\n");
        log.WriteLine($"  CRASH {signature} ({input.Length} bytes, shrunk): {stem}{extension}");
        log.WriteLine($"    {detail.Split('\n')[0]}");
    }
}
