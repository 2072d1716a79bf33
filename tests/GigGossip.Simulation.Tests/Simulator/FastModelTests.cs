using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Tests.Simulator;

/// <summary>What the largest runs model instead of paying (onion layers, the second decode of a frame): same measures, same lengths, same refusals.</summary>
public class FastModelTests
{
    [Theory]
    [InlineData(AttackKind.None, 0)]
    [InlineData(AttackKind.Sybil, 0.2)]
    public void Modelled_onion_layers_give_the_same_measures_as_sealed_ones(AttackKind attack, double fraction)
    {
        var sealedRun = Runs.Run(Runs.Small(attack, fraction) with { ModelOnions = false });
        var modelled = Runs.Run(Runs.Small(attack, fraction) with { ModelOnions = true });

        Assert.Equal(Runs.Json(sealedRun), Runs.Json(modelled));
        Assert.Equal(4, modelled.RidesCompleted);
    }

    [Theory]
    [InlineData(AttackKind.None, 0)]
    [InlineData(AttackKind.Chatterbox, 0.2)]
    public void Copied_frames_give_the_same_measures_as_decoded_ones(AttackKind attack, double fraction)
    {
        var decoded = Runs.Run(Runs.Small(attack, fraction) with { CopyFrames = false });
        var copied = Runs.Run(Runs.Small(attack, fraction) with { CopyFrames = true });

        Assert.Equal(Runs.Json(decoded), Runs.Json(copied));
    }

    [Fact]
    public void A_modelled_onion_has_the_real_length_and_peels_back_hop_by_hop()
    {
        var model = new ModelledOnionLayers();
        var keys = Enumerable.Range(0, 4).Select(_ => SecretKey.Generate()).ToArray();
        var real = BackwardOnion.Empty;
        var modelled = BackwardOnion.Empty;
        for (var hop = 0; hop + 1 < keys.Length; hop++)
        {
            real = BackwardOnion.Grow(real, keys[hop].PublicKey, keys[hop + 1].PublicKey);
            using (OnionLayerSealing.Use(model)) modelled = BackwardOnion.Grow(modelled, keys[hop].PublicKey, keys[hop + 1].PublicKey);
            Assert.Equal(real.Length, modelled.Length);
        }
        Assert.Equal(3, model.Count);

        using var scope = OnionLayerSealing.Use(model);
        for (var hop = keys.Length - 1; hop > 0; hop--)
        {
            var peel = Assert.IsType<OnionPeel.Forward>(BackwardOnion.Peel(keys[hop], modelled));
            Assert.Equal(keys[hop - 1].PublicKey, peel.PreviousPeer);
            modelled = peel.Inner;
        }
        Assert.IsType<OnionPeel.Sender>(BackwardOnion.Peel(keys[0], modelled));
    }

    [Fact]
    public void A_modelled_layer_opens_for_its_peer_only_and_not_once_a_byte_changed()
    {
        var model = new ModelledOnionLayers();
        var (me, next, stranger) = (SecretKey.Generate(), SecretKey.Generate(), SecretKey.Generate());
        using var scope = OnionLayerSealing.Use(model);
        var inner = BackwardOnion.Grow(BackwardOnion.Empty, stranger.PublicKey, me.PublicKey);
        var onion = BackwardOnion.Grow(inner, me.PublicKey, next.PublicKey);

        Assert.Throws<OnionException>(() => BackwardOnion.Peel(stranger, onion));
        Assert.Throws<OnionException>(() => BackwardOnion.Peel(me, onion));
        for (var at = 0; at < onion.Length; at += 7)
        {
            var tampered = (byte[])onion.Clone();
            tampered[at] ^= 1;
            Assert.Throws<OnionException>(() => BackwardOnion.Peel(next, tampered));
        }
        var peeled = Assert.IsType<OnionPeel.Forward>(BackwardOnion.Peel(next, onion));
        Assert.Equal(inner, peeled.Inner);
    }

    [Fact]
    public void Outside_a_scope_the_real_sealed_box_is_used()
    {
        var model = new ModelledOnionLayers();
        var (me, next) = (SecretKey.Generate(), SecretKey.Generate());
        using (OnionLayerSealing.Use(model)) BackwardOnion.Grow(BackwardOnion.Empty, me.PublicKey, next.PublicKey);
        var onion = BackwardOnion.Grow(BackwardOnion.Empty, me.PublicKey, next.PublicKey);

        Assert.Equal(1, model.Count);
        Assert.Equal(me.PublicKey, Assert.IsType<OnionPeel.Forward>(BackwardOnion.Peel(next, onion)).PreviousPeer);
        using var scope = OnionLayerSealing.Use(model);
        Assert.Throws<OnionException>(() => BackwardOnion.Peel(next, onion));
    }

    [Fact]
    public void A_modelled_payload_digest_changes_with_every_byte_it_covers_and_a_proof_fits_only_its_own()
    {
        var proofs = new ModelledProofs();
        var askId = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var target = PowTarget.FromLeadingZeroBits(12);
        var payload = new byte[1_300];
        new Random(7).NextBytes(payload);
        var digest = proofs.PayloadDigest(askId, target, payload);
        Assert.Equal(PowWorkUnit.DigestLength, digest.Length);
        Assert.Equal(digest, proofs.PayloadDigest(askId, target, (byte[])payload.Clone()));

        var others = new List<byte[]>
        {
            proofs.PayloadDigest(askId[..15], target, [askId[15], .. payload]),
            proofs.PayloadDigest(askId, PowTarget.FromLeadingZeroBits(13), payload),
            proofs.PayloadDigest([.. askId[..15], (byte)(askId[15] ^ 1)], target, payload),
        };
        for (var at = 0; at < payload.Length; at++)
        {
            var changed = (byte[])payload.Clone();
            changed[at] ^= 1;
            others.Add(proofs.PayloadDigest(askId, target, changed));
        }
        Assert.All(others, other => Assert.NotEqual(digest.AsSpan(0, 8).ToArray(), other.AsSpan(0, 8).ToArray()));

        var middleman = SecretKey.Generate().PublicKey;
        var nonce = proofs.Record(digest, middleman, 1_000);
        Assert.Equal(PowVerdict.HashAboveTarget, proofs.Verify(others[^1], middleman, 1_000, nonce, target, 1_000, 5_000));
        Assert.Equal(PowVerdict.Valid, proofs.Verify(digest, middleman, 1_000, nonce, target, 1_000, 5_000));
    }
}
