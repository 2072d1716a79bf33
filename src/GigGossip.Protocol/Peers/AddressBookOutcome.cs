namespace GigGossip.Protocol.Peers;

/// <summary>What <see cref="AddressBook.Add"/> did with a record.</summary>
public enum AddressBookOutcome
{
    Added,
    /// <summary>A newer record of a known node replaced the old one.</summary>
    Updated,
    /// <summary>The book already had this record or a newer one.</summary>
    Known,
    /// <summary>The record failed <see cref="PeerRecord.Check"/>.</summary>
    Refused,
    /// <summary>Our own record.</summary>
    Ours,
}
