using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Reliability;

/// <summary>
/// Twilio and the people of one line with a queue, played for <see cref="QueueUnderLoadTests"/>, every webhook signed by
/// the official twilio package (<see cref="TwilioWebhooks"/>). A caller Ivr dials is picked up after a moment by one of
/// the dialled people whose phone is free, who talks a while and hangs up; when every dialled phone is in use by then,
/// the dial ends <c>busy</c>. A caller Ivr answers with <c>&lt;Enqueue&gt;</c> joins Twilio's queue, first in, first out, and asks the
/// wait URL as Twilio does. Each call Ivr places through the REST stand-in rings its person: on a phone in use it is
/// <c>busy</c>; otherwise the person picks up, presses a key when asked, and on <c>&lt;Dial&gt;&lt;Queue&gt;</c> is put
/// through to the caller at the head of the queue, talks, and both hang up (the Enqueue action with
/// <c>QueueResult=bridged</c>, the caller's call status, the offer's status callback).
/// <para>
/// What Ivr does is checked as it happens, on one clock: a dial or an offer for a person Ivr was told is on a call, a
/// new caller rung while another waited in the queue, and how long a caller waited while a person was free.
/// </para>
/// </summary>
internal sealed class QueueLinePlay : IDisposable
{
    /// <summary>An offer may reach a person Ivr heard picked up a call this recently: the dispatcher had reserved them already.</summary>
    public static readonly TimeSpan OfferGrace = TimeSpan.FromSeconds(2);

    /// <summary>Ivr's rest for a person who let an offer go (<c>PresenceChanges.RestAfterDeclining</c>), plus a second.</summary>
    private static readonly TimeSpan Rest = TimeSpan.FromSeconds(61);

    private const string Incoming = "/api/voice/incoming";

    private readonly object gate = new();
    private readonly long origin = Stopwatch.GetTimestamp();
    private readonly HttpClient http;
    private readonly TwilioWebhooks twilio;
    private readonly TwilioRestStandIn rest;
    private readonly string line;
    private readonly Dictionary<string, Person> people;
    private readonly List<PlayedCaller> queue = [];
    private readonly List<PlayedCaller> callers = [];
    private readonly List<PlayedCaller> bridges = [];
    private readonly List<double> incoming = [];
    private readonly List<double> dispatch = [];
    private readonly List<string> violations = [];
    private readonly List<string> failures = [];
    private readonly List<string> timeline = [];
    private readonly List<Task> running = [];
    private int enqueued;
    private int answers;
    private int validAnswers;
    private int offers;
    private int voidOffers;
    private int emptyQueueOffers;
    private int busyPhoneOffers;
    private long requests;
    private double? idleSince;
    private double longestIdle;

    public QueueLinePlay(Uri ivr, TwilioOracle oracle, TwilioRestStandIn rest, string line, IEnumerable<string> people)
    {
        http = new HttpClient(new Timing(this)) { BaseAddress = ivr, Timeout = TimeSpan.FromSeconds(30) };
        twilio = new TwilioWebhooks(http, oracle, TwilioWebhooks.PublicBaseUrl);
        this.rest = rest;
        this.line = line;
        this.people = people.ToDictionary(p => p, p => new Person(p), StringComparer.Ordinal);
        rest.Placed += OnPlaced;
    }

    /// <summary>Milliseconds on the play's clock (the stand-in's too: both read <see cref="Stopwatch"/>).</summary>
    public double Now => Stopwatch.GetElapsedTime(origin).TotalMilliseconds;

    public (double Min, double Max) TalkMs { get; init; } = (1500, 3500);

    public (double Min, double Max) PickUpMs { get; init; } = (200, 600);

    /// <summary>From a person's <c>&lt;Dial&gt;&lt;Queue&gt;</c> to Twilio asking the queue's url on the caller's call.</summary>
    public (double Min, double Max) ConnectMs { get; init; } = (100, 400);

    public IReadOnlyList<PlayedCaller> Callers => Locked(() => callers.ToList());

    /// <summary>Callers taken from the queue, in the order people took them.</summary>
    public IReadOnlyList<PlayedCaller> Bridges => Locked(() => bridges.ToList());

    public IReadOnlyList<PlayedCaller> StillWaiting => Locked(() => queue.ToList());

    public IReadOnlyList<string> Violations => Locked(() => violations.ToList());

    /// <summary>Webhooks Ivr did not answer 2xx, and anything else that broke a call's play.</summary>
    public IReadOnlyList<string> Failures => Locked(() => failures.ToList());

    public IReadOnlyList<double> IncomingMs => Locked(() => incoming.ToList());

    /// <summary>What happened when, for reading a failed run: arrivals, answers, offers, bridges, hang-ups.</summary>
    public IReadOnlyList<string> Timeline => Locked(() => timeline.ToList());

    /// <summary>From the moment a caller waited unoffered while a person was free, to Ivr's request to call someone (stand-in's clock).</summary>
    public IReadOnlyList<double> DispatchMs => Locked(() => dispatch.ToList());

    /// <summary>The longest a caller waited, with no offer on its way, while a person was free (not on the phone, not resting).</summary>
    public double LongestFreeWhileWaitingMs => Locked(() => Math.Max(longestIdle, idleSince is { } since ? Now - since : 0));

    public long Requests => Interlocked.Read(ref requests);

    public int Answers => Locked(() => answers);

    /// <summary>Answers that dialled people of the line or put the caller in its queue, and nothing else.</summary>
    public int ValidAnswers => Locked(() => validAnswers);

    public int Offers => Locked(() => offers);

    /// <summary>Offers Ivr hung up on when the person picked up: nobody waited any more.</summary>
    public int VoidOffers => Locked(() => voidOffers);

    /// <summary>Offers whose <c>&lt;Dial&gt;&lt;Queue&gt;</c> found the queue empty until its timeout.</summary>
    public int EmptyQueueOffers => Locked(() => emptyQueueOffers);

    /// <summary>Offers that rang a phone already in use (within <see cref="OfferGrace"/> of Ivr hearing so, or before).</summary>
    public int BusyPhoneOffers => Locked(() => busyPhoneOffers);

    /// <summary>
    /// Starts <paramref name="count"/> callers at random moments within <paramref name="arrivals"/> and plays every call
    /// until each caller has hung up (or <paramref name="deadline"/> passed), then until the people's last calls end.
    /// </summary>
    public async Task RunAsync(int count, TimeSpan arrivals, TimeSpan deadline)
    {
        using var stop = new CancellationTokenSource();
        var monitor = MonitorAsync(stop.Token);
        var moments = Enumerable.Range(0, count).Select(_ => Random.Shared.NextDouble() * arrivals.TotalMilliseconds).Order().ToList();
        var start = Now;
        for (var i = 0; i < count; i++)
        {
            var wait = start + moments[i] - Now;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            var caller = new PlayedCaller(new SimulatedCall(twilio, line, "+316110" + (10_000 + i).ToString(CultureInfo.InvariantCulture)), i + 1);
            lock (gate)
            {
                callers.Add(caller);
                caller.ArrivedAt = Now;
            }

            Track($"caller {caller.Number}", () => FollowAsync(caller, caller.Call.ArriveAsync, newCaller: true));
        }

        var until = Now + deadline.TotalMilliseconds;
        while (Now < until && Locked(() => callers.Any(c => c.Acks.EndedAck is null) && failures.Count == 0))
        {
            await Task.Delay(100);
        }

        // The people's last calls (an offer waiting on an empty queue holds up to its timeout).
        while (Locked(() => running.Where(t => !t.IsCompleted).ToList()) is { Count: > 0 } left && Now < until + 15_000)
        {
            await Task.WhenAny(Task.WhenAll(left), Task.Delay(1000));
        }

        await stop.CancelAsync();
        await monitor;
    }

    public void Dispose()
    {
        rest.Placed -= OnPlaced;
        http.Dispose();
    }

    /// <summary>
    /// Sends a request whose TwiML answers <paramref name="caller"/> (the incoming webhook, or a dial's action) and
    /// plays it. Checks who it dials: nobody Ivr knew was on a call throughout the request, and, for a new caller,
    /// nobody while another caller waited in the queue throughout (they are offered to the next free person first).
    /// </summary>
    private async Task FollowAsync(PlayedCaller caller, Func<Task<XDocument>> request, bool newCaller)
    {
        var (busyBefore, waitingBefore) = Snapshot();
        var twiml = await request();
        var (busyAfter, waitingAfter) = Snapshot();
        if (newCaller)
        {
            caller.Acks.ArrivedAck = Now;
        }

        var verbs = twiml.Root?.Elements().Select(e => e.Name.LocalName).ToList() ?? [];
        var dialled = Dialled(twiml);
        var enqueue = verbs is ["Enqueue"] ? twiml.Root!.Element("Enqueue") : null;
        lock (gate)
        {
            Log($"caller {caller.Number}: " + (dialled.Count > 0 ? $"dials {string.Join(", ", dialled)}" : enqueue is not null ? "enqueued" : "?"));
            answers++;
            if ((dialled.Count > 0 && verbs is ["Dial"] && dialled.All(people.ContainsKey)) || enqueue is not null)
            {
                validAnswers++;
            }

            foreach (var person in dialled)
            {
                if (busyBefore.TryGetValue(person, out var call) && busyAfter.TryGetValue(person, out var still) && call == still)
                {
                    violations.Add($"At {Now:0} ms caller {caller.Number} rang {person}, whose answered call Ivr had acknowledged and not heard the end of.");
                }
            }

            var waitedThroughout = waitingBefore.Intersect(waitingAfter).ToList();
            if (newCaller && dialled.Count > 0 && waitedThroughout.Count > 0)
            {
                violations.Add($"At {Now:0} ms new caller {caller.Number} rang {string.Join(", ", dialled)} while caller {waitedThroughout[0]} waited in the queue.");
            }
        }

        if (dialled.Count > 0)
        {
            await RingAsync(caller, dialled);
        }
        else if (enqueue is not null)
        {
            await WaitInQueueAsync(caller, enqueue);
        }
        else
        {
            Violation($"caller {caller.Number} got neither a dial nor the queue: {twiml}");
        }
    }

    /// <summary>The dialled phones ring; one whose person is free picks up, or the ringing runs out.</summary>
    private async Task RingAsync(PlayedCaller caller, IReadOnlyList<string> dialled)
    {
        await Task.Delay(Between(PickUpMs));
        Person? taker;
        lock (gate)
        {
            var free = dialled.Where(people.ContainsKey).Select(p => people[p]).Where(p => p.OnPhone is null).ToList();
            taker = free.Count == 0 ? null : free[Random.Shared.Next(free.Count)];
            if (taker is not null)
            {
                taker.OnPhone = $"caller {caller.Number}";
            }

            Log($"caller {caller.Number}: " + (taker is null ? "every dialled phone is in use: the dial ends busy" : $"{taker.Address} picks up"));

            Evaluate();
        }

        if (taker is null)
        {
            // Every dialled phone is in use (each picked up another call meanwhile): the dial ends busy, unanswered.
            caller.RangUnanswered = true;
            await FollowAsync(caller, async () =>
            {
                var next = await caller.Call.DialEndsAsync("busy", bridged: false);
                caller.Acks.DialEndedAck = Now;
                return next;
            }, newCaller: false);
            return;
        }

        await caller.Call.AnswerAsync(taker.Address);
        lock (gate)
        {
            caller.Acks.AnsweredAck = Now;
            caller.TakenBy = taker.Address;
            taker.OnACallIvrKnows(Now);
        }

        await Task.Delay(Between(TalkMs));
        lock (gate)
        {
            Log($"caller {caller.Number}: {taker.Address} hangs up");
            taker.HangsUp();
            Evaluate();
        }

        await caller.Call.DialEndsAsync("completed", bridged: true); // The person's leg ends first, as Twilio reports it.
        caller.Acks.DialEndedAck = Now;
        await caller.Call.EndAsync();
        caller.Acks.EndedAck = Now;
    }

    /// <summary>In Twilio's queue until a person takes the caller: the wait URL at once, then each time its TwiML has played.</summary>
    private async Task WaitInQueueAsync(PlayedCaller caller, XElement enqueue)
    {
        lock (gate)
        {
            caller.Enqueue = enqueue;
            caller.QueuedAt = Now;
            caller.QueuePlace = ++enqueued;
            queue.Add(caller);
            Evaluate();
        }

        var waitUrl = enqueue.Attribute("waitUrl")!.Value;
        while (true)
        {
            int position, size;
            double waited;
            lock (gate)
            {
                if (caller.BridgedAt is not null)
                {
                    return;
                }

                (position, size, waited) = (queue.IndexOf(caller) + 1, queue.Count, Now - caller.QueuedAt!.Value);
            }

            var wait = await caller.Call.PostAsync(waitUrl,
                ("QueuePosition", Text(position)), ("QueueTime", Text((int)(waited / 1000))), ("AvgQueueTime", "0"), ("CurrentQueueSize", Text(size)), ("QueueSid", QueueSid));
            if (wait.Root?.Element("Leave") is not null || wait.Root?.Elements().Any() != true)
            {
                Violation($"caller {caller.Number}'s wait URL answered {wait} after {waited:0} ms");
                return;
            }

            // What the wait TwiML holds the caller for: its pause (or music, say half a minute), and any words before it.
            var holds = (wait.Root.Element("Pause")?.Attribute("length") is { } length ? int.Parse(length.Value, CultureInfo.InvariantCulture) : 30)
                + (wait.Root.Element("Say") is not null ? 3 : 0);
            await Task.WhenAny(caller.Taken.Task, Task.Delay(TimeSpan.FromSeconds(holds)));
        }
    }

    private void OnPlaced(PlacedCall offer) => Track($"offer {offer.Sid} to {offer.To}", () => OfferAsync(offer));

    /// <summary>A call Ivr placed to offer a waiting caller: it rings the person's phone.</summary>
    private async Task OfferAsync(PlacedCall offer)
    {
        var at = Stopwatch.GetElapsedTime(origin, offer.Timestamp).TotalMilliseconds;
        Person person;
        bool phoneInUse;
        lock (gate)
        {
            offers++;
            if (offer.Field("From") != line || !people.TryGetValue(offer.To, out var found))
            {
                violations.Add($"Ivr placed a call from {offer.Field("From")} to {offer.To}, not one of the line's people.");
                return;
            }

            person = found;

            if (idleSince is { } since)
            {
                dispatch.Add(Math.Max(0, at - since));
            }

            if (person.BusyKnownSince is { } busy && busy < at - OfferGrace.TotalMilliseconds)
            {
                violations.Add($"At {at:0} ms Ivr called {person.Address} to take a waiting caller, {at - busy:0} ms after acknowledging that they answered a call whose end it had not heard.");
            }

            phoneInUse = person.OnPhone is not null;
            timeline.Add($"{at,8:0} ms  offer {offer.Sid[..8]} to {person.Address}" + (phoneInUse ? $": busy ({person.OnPhone})" : ""));
            if (phoneInUse)
            {
                busyPhoneOffers++;
            }
            else
            {
                person.OnPhone = $"offer {offer.Sid}";
                person.Offered = true;
            }

            Evaluate();
        }

        if (phoneInUse)
        {
            await offer.PostAsync(twilio, offer.PathOf("StatusCallback"), ("CallStatus", "busy"), ("CallDuration", "0"));
            lock (gate)
            {
                person.RestUntil = Now + Rest.TotalMilliseconds; // Ivr rests a person who let an offer go.
                Evaluate();
            }

            return;
        }

        await Task.Delay(Between(PickUpMs));
        lock (gate)
        {
            Log($"offer {offer.Sid[..8]}: {person.Address} picks up");
        }

        var twiml = await offer.PostAsync(twilio, offer.PathOf("Url"), ("CallStatus", "in-progress"));
        if (twiml.Root?.Element("Gather") is { } gather)
        {
            await Task.Delay(300);
            twiml = await offer.PostAsync(twilio, gather.Attribute("action")!.Value, ("CallStatus", "in-progress"), ("Digits", "1"));
        }

        var dial = twiml.Root?.Element("Dial");
        if (dial?.Element("Queue") is not { } queueNoun)
        {
            // Ivr hung up: nobody waits any more.
            lock (gate)
            {
                Log($"offer {offer.Sid[..8]}: Ivr hangs up on {person.Address}");
                voidOffers++;
                person.HangsUp();
                Evaluate();
            }

            await offer.PostAsync(twilio, offer.PathOf("StatusCallback"), ("CallStatus", "completed"), ("CallDuration", "1"));
            return;
        }

        lock (gate)
        {
            person.OnACallIvrKnows(Now);
        }

        // Twilio takes the caller at the head of the queue; an empty queue holds the person until the dial's timeout.
        var timeout = Now + (1000 * (dial.Attribute("timeout") is { } t ? int.Parse(t.Value, CultureInfo.InvariantCulture) : 5));
        PlayedCaller? caller = null;
        while (caller is null)
        {
            lock (gate)
            {
                if (queue.Count > 0)
                {
                    caller = queue[0];
                    queue.RemoveAt(0);
                    caller.BridgedAt = Now;
                    caller.TakenBy = person.Address;
                    bridges.Add(caller);
                    Log($"offer {offer.Sid[..8]}: {person.Address} takes caller {caller.Number} from the queue");
                    person.Offered = false;
                    Evaluate();
                }
                else if (Now > timeout)
                {
                    Log($"offer {offer.Sid[..8]}: the queue stayed empty; {person.Address} hangs up");
                    emptyQueueOffers++;
                    person.HangsUp();
                    Evaluate();
                    break;
                }
            }

            if (caller is null)
            {
                await Task.Delay(50);
            }
        }

        if (caller is null)
        {
            await offer.PostAsync(twilio, offer.PathOf("StatusCallback"), ("CallStatus", "completed"), ("CallDuration", "5"));
            return;
        }

        caller.Taken.TrySetResult();
        await Task.Delay(Between(ConnectMs));
        lock (gate)
        {
            Log($"caller {caller.Number}: the queue's url (bridged to {person.Address})");
        }

        var waited = (int)((caller.BridgedAt!.Value - caller.QueuedAt!.Value) / 1000);
        await caller.Call.PostAsync(queueNoun.Attribute("url")!.Value,
            ("QueueSid", QueueSid), ("QueueTime", Text(waited)), ("DequeingCallSid", offer.Sid), ("CallStatus", "in-progress"));
        caller.Acks.AnsweredAck = Now;

        var talk = Between(TalkMs);
        await Task.Delay(talk);
        var after = await caller.Call.PostAsync(caller.Enqueue!.Attribute("action")!.Value,
            ("QueueResult", "bridged"), ("QueueTime", Text(waited)), ("QueueSid", QueueSid), ("CallStatus", "in-progress"));
        if (after.Root?.Elements().Select(e => e.Name.LocalName).ToList() is not ["Hangup"])
        {
            Violation($"caller {caller.Number}'s Enqueue action after the bridge answered {after}");
        }

        await caller.Call.EndAsync();
        caller.Acks.EndedAck = Now;
        lock (gate)
        {
            Log($"offer {offer.Sid[..8]}: {person.Address} and caller {caller.Number} hang up");
            person.HangsUp();
            Evaluate();
        }

        await offer.PostAsync(twilio, offer.PathOf("StatusCallback"), ("CallStatus", "completed"), ("CallDuration", Text((int)talk.TotalSeconds)));
    }

    /// <summary>Measures, while the play runs, how long callers wait with nobody on the way while a person is free.</summary>
    private async Task MonitorAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            lock (gate)
            {
                Evaluate();
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Under the gate: whether a caller waits with no offer on its way while a person is free; times each such stretch.</summary>
    private void Evaluate()
    {
        var now = Now;
        var unoffered = queue.Count - people.Values.Count(p => p.Offered);
        var someoneFree = people.Values.Any(p => p.OnPhone is null && p.RestUntil <= now);
        if (unoffered > 0 && someoneFree)
        {
            idleSince ??= now;
        }
        else if (idleSince is { } since)
        {
            longestIdle = Math.Max(longestIdle, now - since);
            idleSince = null;
        }
    }

    /// <summary>Who Ivr has acknowledged is on a call (and which call), and who waits in the queue.</summary>
    private (Dictionary<string, int> Busy, HashSet<int> Waiting) Snapshot()
    {
        lock (gate)
        {
            return (people.Values.Where(p => p.BusyKnownSince is not null).ToDictionary(p => p.Address, p => p.Calls, StringComparer.Ordinal),
                [.. queue.Select(c => c.Number)]);
        }
    }

    private void Track(string what, Func<Task> play)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await play();
            }
            catch (Exception ex)
            {
                lock (gate)
                {
                    failures.Add($"{what}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        });
        lock (gate)
        {
            running.Add(task);
        }
    }

    /// <summary>Under the gate: a line of the timeline.</summary>
    private void Log(string text) => timeline.Add($"{Now,8:0} ms  {text}");

    private void Violation(string text)
    {
        lock (gate)
        {
            violations.Add($"At {Now:0} ms {text}");
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (gate)
        {
            return read();
        }
    }

    private static readonly string QueueSid = SimulatedCall.NewSid("QU");

    private static TimeSpan Between((double Min, double Max) ms) => TimeSpan.FromMilliseconds(ms.Min + (Random.Shared.NextDouble() * (ms.Max - ms.Min)));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static List<string> Dialled(XDocument twiml) =>
        [.. twiml.Root?.Element("Dial")?.Elements().Where(e => e.Name.LocalName is "Number" or "Client" or "Sip")
            .Select(e => (e.Name.LocalName == "Client" ? "client:" : "") + e.Value.Trim()) ?? []];

    /// <summary>One of the line's people, with one phone.</summary>
    private sealed class Person(string address)
    {
        public string Address => address;

        /// <summary>What the phone is in use for (a caller, an offer); null when free.</summary>
        public string? OnPhone { get; set; }

        /// <summary>Picked up an offer (or it rings) and has not been put through to a caller yet.</summary>
        public bool Offered { get; set; }

        /// <summary>Since when Ivr has acknowledged that the person answered a call whose end it has not been told.</summary>
        public double? BusyKnownSince { get; private set; }

        /// <summary>How many calls the person answered: tells one stretch of being busy from the next.</summary>
        public int Calls { get; private set; }

        public double RestUntil { get; set; }

        public void OnACallIvrKnows(double now)
        {
            BusyKnownSince = now;
            Calls++;
        }

        /// <summary>Before Ivr is told (so the checks never count a moment Ivr could not know of).</summary>
        public void HangsUp()
        {
            OnPhone = null;
            Offered = false;
            BusyKnownSince = null;
        }
    }

    /// <summary>Gives each request's answer time; the incoming webhook's is a figure.</summary>
    private sealed class Timing(QueueLinePlay play) : DelegatingHandler(new SocketsHttpHandler { UseCookies = false })
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref play.requests);
            var started = Stopwatch.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            if (request.RequestUri?.AbsolutePath == Incoming)
            {
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (play.gate)
                {
                    play.incoming.Add(ms);
                }
            }

            return response;
        }
    }
}

/// <summary>One caller of the play: their call, what Ivr acknowledged (for <see cref="RecordCheck"/>), and what became of them.</summary>
internal sealed class PlayedCaller(SimulatedCall call, int number)
{
    public SimulatedCall Call => call;

    /// <summary>In order of arrival, from 1.</summary>
    public int Number => number;

    public LoadCall Acks { get; } = new(call.Line, CallKind.Answered, call.CallSid);

    public double ArrivedAt { get; set; }

    /// <summary>The dial Ivr answered ended busy: every dialled phone was in use by then.</summary>
    public bool RangUnanswered { get; set; }

    public XElement? Enqueue { get; set; }

    public double? QueuedAt { get; set; }

    /// <summary>Their place in the order callers joined the queue, from 1.</summary>
    public int? QueuePlace { get; set; }

    public double? BridgedAt { get; set; }

    /// <summary>The person who answered them, or took them from the queue.</summary>
    public string? TakenBy { get; set; }

    public TaskCompletionSource Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public double? QueueWaitMs => BridgedAt - QueuedAt;
}
