using GigGossip.Hosting;
using System.CommandLine;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip keys new|show|sign|verify|backend`: node keys (secp256k1, BIP340 x-only public keys).
/// `keys new` writes the secret only to a 0600 file (default ./giggossip.key) and prints the public key.
/// </summary>
public static class KeysCommand
{
    public const string DefaultKeyFile = "giggossip.key";

    public static Command Build()
    {
        var command = new Command("keys", "Create, show and use secp256k1 keys (BIP340 Schnorr)");
        command.Subcommands.Add(New());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Sign());
        command.Subcommands.Add(Verify());
        var backend = new Command("backend", "Print which secp256k1 backend this machine uses");
        backend.SetAction(parse => parse.InvocationConfiguration.Output.WriteLine(Secp256k1.Choice));
        command.Subcommands.Add(backend);
        return command;
    }

    private static Command New()
    {
        var output = new Option<string>("--out") { Description = $"Key file to create, owner-only (default ./{DefaultKeyFile}; never overwritten)", DefaultValueFactory = _ => DefaultKeyFile };
        var command = new Command("new", "Create a key file and print its public key") { output };
        command.SetAction(parse => CliErrors.Guard(parse, () =>
        {
            var key = SecretKey.Generate();
            KeyFile.Write(parse.GetValue(output)!, key);
            parse.InvocationConfiguration.Output.WriteLine(key.PublicKey.ToHex());
        }));
        return command;
    }

    private static Command Show()
    {
        var key = new Option<string>("--key") { Description = "Key file", Required = true };
        var command = new Command("show", "Print the x-only public key of a key file") { key };
        command.SetAction(parse => CliErrors.Guard(parse, () =>
            parse.InvocationConfiguration.Output.WriteLine(KeyFile.Read(parse.GetValue(key)!).PublicKey.ToHex())));
        return command;
    }

    private static Command Sign()
    {
        var key = new Option<string>("--key") { Description = "Key file", Required = true };
        var message = new Option<string>("--message") { Description = "32-byte message, hex", Required = true };
        var aux = new Option<string?>("--aux") { Description = "32 bytes of auxiliary randomness, hex (default: random)" };
        var command = new Command("sign", "BIP340-sign a raw 32-byte message, as in the BIP's test vectors") { key, message, aux };
        command.SetAction(parse => CliErrors.Guard(parse, () =>
        {
            var secret = KeyFile.Read(parse.GetValue(key)!);
            var auxBytes = parse.GetValue(aux) is { } auxHex ? Hex(auxHex, 32, "--aux") : System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            var signature = Secp256k1.Current.SignSchnorr(Hex(parse.GetValue(message)!, 32, "--message"), secret.Bytes, auxBytes);
            parse.InvocationConfiguration.Output.WriteLine(Convert.ToHexStringLower(signature));
        }));
        return command;
    }

    private static Command Verify()
    {
        var pubkey = new Option<string>("--pubkey") { Description = "x-only public key, hex", Required = true };
        var message = new Option<string>("--message") { Description = "32-byte message, hex", Required = true };
        var signature = new Option<string>("--signature") { Description = "64-byte signature, hex", Required = true };
        var command = new Command("verify", "Verify a BIP340 signature: exit 0 when valid, 1 when not") { pubkey, message, signature };
        command.SetAction(parse =>
        {
            byte[] key, msg, sig;
            try
            {
                key = Hex(parse.GetValue(pubkey)!, 32, "--pubkey");
                msg = Hex(parse.GetValue(message)!, 32, "--message");
                sig = Hex(parse.GetValue(signature)!, 64, "--signature");
            }
            catch (CryptoException e)
            {
                return CliErrors.Fail(parse, e.Message);
            }
            var valid = Secp256k1.Current.VerifySchnorr(sig, msg, key);
            parse.InvocationConfiguration.Output.WriteLine(valid ? "valid" : "invalid");
            return valid ? 0 : 1;
        });
        return command;
    }

    private static byte[] Hex(string text, int length, string option)
    {
        byte[] bytes;
        try { bytes = Convert.FromHexString(text.Trim()); }
        catch (FormatException) { throw new CryptoException($"{option} is not hex"); }
        if (bytes.Length != length) throw new CryptoException($"{option} must be {length} bytes, got {bytes.Length}");
        return bytes;
    }
}
