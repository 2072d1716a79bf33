using BenchmarkDotNet.Attributes;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Bench;

/// <summary>Create, pay and settle one HODL invoice on the SQLite ledger (a file in WAL mode, each state change one transaction).</summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-bench-").FullName;
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
    private HodlLedger _ledger = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ledger = HodlLedger.Open(Path.Combine(_directory, "bench.db"), _now);
        _ledger.OpenAccount("payer", _now);
        _ledger.OpenAccount("issuer", _now);
        _ledger.Fund("payer", 1_000_000_000_000, _now);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public void CreatePayAndSettle()
    {
        var preimage = Preimage.Generate();
        var hash = PaymentHash.Of(preimage);
        var invoice = _ledger.CreateInvoice("issuer", new HodlInvoiceRequest(hash, 1_000, "bench", MinFinalCltvExpiryDelta: 1), _now);
        _ledger.Pay("payer", invoice.Bolt11, null, _now);
        _ledger.Settle("issuer", hash, preimage, _now);
    }
}
