using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

public sealed class JobBookTests
{
    [Fact]
    public void The_book_keeps_at_most_its_capacity_dropping_the_oldest()
    {
        var book = new JobBook();
        for (var i = 0; i <= JobBook.Capacity; i++) book.Observe(new BroadcastStarted($"request-{i}"), i, () => []);

        var jobs = book.List();

        Assert.Equal(JobBook.Capacity, jobs.Count);
        Assert.DoesNotContain(jobs, j => j.Id == "request-0");
        Assert.Equal("requested", book.StateOf($"request-{JobBook.Capacity}"));
        Assert.Null(book.StateOf("request-0"));
    }

    [Fact]
    public void A_report_for_a_request_the_book_does_not_know_changes_nothing()
    {
        var book = new JobBook();
        book.Observe(new BroadcastStarted("mine"), 1, () => []);

        book.Observe(new JobReported("other", JobOutcome.Done), 2, () => []);
        book.Observe(new MoneySettled(new byte[32], Incoming: true, 5), 3, () => []);

        Assert.Equal("requested", Assert.Single(book.List()).State);
    }
}
