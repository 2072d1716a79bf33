namespace GigGossip.Settler.Storage;

/// <summary>The settler's database cannot be opened or used (bad URI, wrong schema, server down).</summary>
public sealed class SettlerStoreException(string message, Exception? inner = null) : Exception(message, inner);
