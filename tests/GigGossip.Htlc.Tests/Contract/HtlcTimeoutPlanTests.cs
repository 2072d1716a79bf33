using System.Security.Cryptography;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Contract;

/// <summary>
/// A middleman B sits between an incoming contract (the sender pays B) and an outgoing one (B pays the settler C),
/// both on the same payment hash. C may claim the outgoing contract in any block until B's refund of it can be mined;
/// claiming reveals the preimage, and B then needs blocks to claim the incoming contract before the sender's refund
/// of it can be mined. Heights are checked with the interpreter: a refund with nLockTime t can be mined in block t+1.
/// </summary>
public class HtlcTimeoutPlanTests
{
    private static readonly byte[] Preimage = SHA256.HashData("timeout plan"u8);
    private static readonly EcdsaKey Sender = HtlcFixture.KeyFrom("sender");
    private static readonly EcdsaKey Middleman = HtlcFixture.KeyFrom("middleman");
    private static readonly EcdsaKey Settler = HtlcFixture.KeyFrom("settler");

    private static HtlcContract Incoming(uint locktime) => new(SHA256.HashData(Preimage), Middleman.PublicKey, Sender.PublicKey, locktime);

    private static HtlcContract Outgoing(uint locktime) => new(SHA256.HashData(Preimage), Settler.PublicKey, Middleman.PublicKey, locktime);

    /// <summary>True when the payer's refund, signed and checked by the interpreter, could be mined in <paramref name="block"/>.</summary>
    private static bool RefundMinableIn(HtlcContract contract, EcdsaKey payer, uint block)
    {
        var funding = new HtlcFunding(Txs.Outpoint(SHA256.HashData(contract.ScriptPubKey), 0), 100_000);
        var tx = Txs.Create(2, [Txs.Input(funding.OutPoint, [], BitcoinRules.ReplaceableSequence, [])], [Txs.Output(99_000, HtlcFixture.Destination)], block - 1);
        var signature = payer.SignForScript(SegwitSighash.Compute(tx, 0, contract.WitnessScript, funding.Amount, SigHashType.All), SigHashType.All);
        var signed = tx.WithWitness(0, HtlcWitness.Refund(signature, contract.WitnessScript));
        return WitnessVerifier.Verify(signed, 0, contract.ScriptPubKey, funding.Amount) == ScriptError.Ok;
    }

    /// <summary>The payee's claim with the preimage verifies at any height (it sets no locktime).</summary>
    private static bool ClaimValid(HtlcContract contract, EcdsaKey payee)
    {
        var funding = new HtlcFunding(Txs.Outpoint(SHA256.HashData(contract.ScriptPubKey), 0), 100_000);
        var claim = HtlcSpendBuilder.Claim(contract, funding, Preimage, payee, HtlcFixture.Destination, new FeeRate(1));
        return WitnessVerifier.Verify(claim, 0, contract.ScriptPubKey, funding.Amount) == ScriptError.Ok;
    }

    /// <summary>The last block in which C can claim the outgoing contract while B still cannot refund it.</summary>
    private static uint LastExclusiveClaimBlock(HtlcContract outgoing, uint from)
    {
        Assert.True(ClaimValid(outgoing, Settler));
        var block = from;
        while (!RefundMinableIn(outgoing, Middleman, block + 1)) block++;
        return block;
    }

    /// <summary>Blocks B has, after C's last-moment claim, to get its own claim mined before the sender's refund can be.</summary>
    private static int ReactionBlocks(uint incomingLocktime, uint outgoingLocktime, uint from)
    {
        var incoming = Incoming(incomingLocktime);
        var revealed = LastExclusiveClaimBlock(Outgoing(outgoingLocktime), from);
        var blocks = 0;
        while (!RefundMinableIn(incoming, Sender, revealed + 1 + (uint)blocks)) blocks++;
        return blocks;
    }

    [Fact]
    public void Equal_timeouts_let_the_sender_refund_in_the_block_after_the_settler_claims_at_the_last_moment()
    {
        const uint locktime = 1_000;
        var revealed = LastExclusiveClaimBlock(Outgoing(locktime), 900);
        Assert.Equal(locktime, revealed);
        Assert.True(RefundMinableIn(Incoming(locktime), Sender, revealed + 1));
        Assert.True(ClaimValid(Incoming(locktime), Middleman));
        Assert.Equal(0, ReactionBlocks(locktime, locktime, 900));
    }

    [Fact]
    public void Growing_timeouts_let_the_sender_refund_while_the_settler_can_still_claim()
    {
        const uint incomingLocktime = 1_000;
        const uint outgoingLocktime = 1_010;
        var incoming = Incoming(incomingLocktime);
        var outgoing = Outgoing(outgoingLocktime);
        var senderRefundBlock = incomingLocktime + 1;
        Assert.True(RefundMinableIn(incoming, Sender, senderRefundBlock));
        Assert.False(RefundMinableIn(outgoing, Middleman, senderRefundBlock));
        Assert.True(ClaimValid(outgoing, Settler));
        Assert.Equal(outgoingLocktime, LastExclusiveClaimBlock(outgoing, 900));
    }

    [Fact]
    public void Planned_timeouts_leave_every_middleman_the_expiry_delta_to_claim_upstream()
    {
        var plan = HtlcTimeoutPlan.Compute(currentHeight: 900, contracts: 4, expiryDelta: 6, finalExpiryDelta: 3);
        Assert.Equal([921u, 915u, 909u, 903u], plan.Locktimes);
        for (var i = 0; i + 1 < plan.Locktimes.Count; i++)
        {
            Assert.Equal(6, ReactionBlocks(plan.Locktimes[i], plan.Locktimes[i + 1], plan.CurrentHeight));
            HtlcTimeoutPlan.RequireSafeForwarding(plan.Locktimes[i], plan.Locktimes[i + 1], plan.ExpiryDelta);
        }
    }

    [Fact]
    public void Forwarding_with_less_than_the_expiry_delta_is_refused()
    {
        Assert.Contains("at least 40 blocks", Assert.Throws<HtlcException>(() => HtlcTimeoutPlan.RequireSafeForwarding(1_039, 1_000, 40)).Message);
        Assert.Throws<HtlcException>(() => HtlcTimeoutPlan.RequireSafeForwarding(1_000, 1_000, 40));
        Assert.Contains("block height", Assert.Throws<HtlcException>(() => HtlcTimeoutPlan.RequireSafeForwarding(1_700_000_000, 1_000, 40)).Message);
        HtlcTimeoutPlan.RequireSafeForwarding(1_040, 1_000, 40);
    }

    [Fact]
    public void Plan_rejects_empty_chains_zero_deltas_and_locktimes_past_the_height_range()
    {
        Assert.Throws<HtlcException>(() => HtlcTimeoutPlan.Compute(900, 0));
        Assert.Throws<HtlcException>(() => HtlcTimeoutPlan.Compute(900, 2, expiryDelta: 0));
        Assert.Throws<HtlcException>(() => HtlcTimeoutPlan.Compute(900, 2, finalExpiryDelta: 0));
        Assert.Contains("not be a block height", Assert.Throws<HtlcException>(() => HtlcTimeoutPlan.Compute(499_999_990, 2)).Message);
        var defaults = HtlcTimeoutPlan.Compute(800_000, 3);
        Assert.Equal([800_098u, 800_058u, 800_018u], defaults.Locktimes);
    }
}
