using System.Globalization;
using System.Text.RegularExpressions;

namespace Ivr.Rules;

/// <summary>
/// Checks a rules document and builds the <see cref="LineRules"/> the router runs on. Every problem is reported,
/// keyed by its JSON path (<c>ringGroups[1].members[0]</c>), so an admin can fix them all in one go.
/// </summary>
internal static partial class LineRulesReader
{
    /// <param name="number">The line the rules are for.</param>
    /// <param name="document">The rules as written.</param>
    /// <param name="stored">
    /// True for rules read back from storage: rules saved before a check was added must keep working, so checks that only
    /// guard input (closure dates within <see cref="DateLimits"/>) are skipped. A closure outside them never applies.
    /// </param>
    public static (LineRules? Rules, IReadOnlyDictionary<string, string[]> Errors) Read(string number, LineRulesDocument document, bool stored = false)
    {
        var errors = new FieldErrors();
        if (!PhoneNumber.IsE164(number))
        {
            errors.Add("number", $"The line must be an E.164 number such as +31201234567 (got '{number}').");
        }
        else if (document.Number is not null && document.Number != number)
        {
            errors.Add("number", $"The body names line {document.Number} but the URL names {number}.");
        }

        var name = Text(errors, "name", document.Name, RuleLimits.MaxNameLength) ?? number;
        var timeZone = ReadTimeZone(errors, document.TimeZone);
        var language = ReadLanguage(errors, document.Language);
        var voice = ReadVoice(errors, document.Voice, language);
        var texts = ReadTexts(errors, document.Texts, BuiltInTexts.For(language));
        var hours = document.OpeningHours is null ? null : ReadHours(errors, document.OpeningHours);
        var closures = ReadClosures(errors, document.Closures ?? [], stored);
        var holidays = ReadHolidays(errors, document.PublicHolidays ?? []);
        var groups = ReadGroups(errors, number, document.RingGroups);
        var groupNames = groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var whenNobodyAnswers = ReadEnding(errors, document.WhenNobodyAnswers);
        var afterHours = ReadAfterHours(errors, number, document.AfterHours);
        var greeting = Text(errors, "greeting", document.Greeting, RuleLimits.MaxSpokenLength);
        var menu = document.Menu is null ? null : ReadMenu(errors, document.Menu, groupNames);
        var vips = ReadVips(errors, document.VipCallers ?? [], groupNames);
        var sticky = document.Sticky is null ? null : ReadSticky(errors, document.Sticky);
        var callerId = Choice(errors, "callerId", document.CallerId, CallerIdShown.Caller, ("caller", CallerIdShown.Caller), ("line", CallerIdShown.Line));
        var wrapUp = Range(errors, "wrapUpSeconds", document.WrapUpSeconds, 0, 0, RuleLimits.MaxWrapUpSeconds);
        var queue = document.Queue is null ? null : ReadQueue(errors, document.Queue);

        if (errors.Count > 0)
        {
            return (null, errors.ToDictionary());
        }

        return (new LineRules
        {
            Number = number,
            Name = name,
            TimeZone = timeZone!,
            Language = language,
            Voice = voice,
            Texts = texts,
            OpeningHours = hours,
            Closures = closures,
            PublicHolidays = holidays,
            RingGroups = groups,
            WhenNobodyAnswers = whenNobodyAnswers,
            AfterHours = afterHours,
            Greeting = greeting,
            Menu = menu,
            VipCallers = vips,
            Sticky = sticky,
            Screening = document.Screening ?? false,
            CallerId = callerId,
            WrapUpSeconds = wrapUp,
            Queue = queue,
        }, errors.ToDictionary());
    }

    /// <summary>The queue when it is enabled; its other fields are checked either way, so a draft that is off is still sound.</summary>
    private static QueueRules? ReadQueue(FieldErrors errors, QueueDocument document)
    {
        var maxWait = Range(errors, "queue.maxWaitSeconds", document.MaxWaitSeconds, RuleLimits.DefaultQueueWaitSeconds, RuleLimits.MinQueueWaitSeconds, RuleLimits.MaxQueueWaitSeconds);
        var music = Text(errors, "queue.music", document.Music, RuleLimits.MaxMusicUrlLength);
        if (music is not null && !(Uri.TryCreate(music, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.UserInfo.Length == 0))
        {
            errors.Add("queue.music", $"'{music}' is not an https URL of audio (mp3 or wav) that Twilio can fetch, such as https://example.com/hold.mp3.");
        }

        var callback = document.Callback is null ? null : ReadCallback(errors, document.Callback);
        return document.Enabled == true ? new QueueRules(maxWait, document.AnnouncePosition ?? true, music) { Callback = callback } : null;
    }

    private static CallbackRules? ReadCallback(FieldErrors errors, CallbackDocument document)
    {
        var offerAfter = Range(errors, "queue.callback.offerAfterSeconds", document.OfferAfterSeconds, RuleLimits.DefaultCallbackOfferAfterSeconds, 0, RuleLimits.MaxQueueWaitSeconds);
        var expiresAfter = Range(errors, "queue.callback.expiresAfterHours", document.ExpiresAfterHours, RuleLimits.DefaultCallbackExpiresAfterHours, 1, RuleLimits.MaxCallbackExpiresAfterHours);
        var attempts = Range(errors, "queue.callback.attempts", document.Attempts, RuleLimits.DefaultCallbackAttempts, 1, RuleLimits.MaxCallbackAttempts);
        var retryAfter = Range(errors, "queue.callback.retryAfterMinutes", document.RetryAfterMinutes, RuleLimits.DefaultCallbackRetryAfterMinutes, 1, RuleLimits.MaxCallbackRetryAfterMinutes);
        return document.Enabled == true
            ? new CallbackRules(TimeSpan.FromSeconds(offerAfter), TimeSpan.FromHours(expiresAfter), attempts, TimeSpan.FromMinutes(retryAfter))
            : null;
    }

    private static TimeZoneInfo? ReadTimeZone(FieldErrors errors, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add("timeZone", "Give the line's IANA time zone, such as Europe/Amsterdam: opening hours are read in it.");
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId)
        {
            return zone;
        }

        errors.Add("timeZone", $"'{id}' is not an IANA time zone such as Europe/Amsterdam or America/New_York.");
        return null;
    }

    private static string? ReadLanguage(FieldErrors errors, string? language)
    {
        if (language is null || LanguageTag().IsMatch(language))
        {
            return language;
        }

        errors.Add("language", $"'{language}' is not a language tag such as nl-NL, de-DE or en-GB.");
        return null;
    }

    private static string? ReadVoice(FieldErrors errors, string? voice, string? language)
    {
        if (voice is null)
        {
            return null;
        }

        var match = VoiceName().Match(voice);
        if (!match.Success)
        {
            errors.Add("voice", $"'{voice}' is not a Twilio voice name such as Polly.Lotte, Polly.Vicki-Neural, Google.nl-NL-Standard-A, man or woman.");
            return null;
        }

        // A Google voice names its locale; Twilio fails a Say whose language it does not speak, and the caller hears nothing.
        var locale = match.Groups["locale"];
        if (locale.Success && language is not null && !SpeaksLanguage(locale.Value, language))
        {
            errors.Add("voice", $"{voice} speaks {locale.Value}, but the line's language is {language}: Twilio would refuse to speak.");
            return null;
        }

        return voice;
    }

    private static bool SpeaksLanguage(string locale, string language) =>
        language.Contains('-', StringComparison.Ordinal)
            ? locale.Equals(language, StringComparison.OrdinalIgnoreCase)
            : locale.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase);

    /// <summary>The admin's own words where given, else the line's built-in ones.</summary>
    private static SpokenTexts ReadTexts(FieldErrors errors, SpokenTextsDocument? document, SpokenTexts builtIn)
    {
        if (document is null)
        {
            return builtIn;
        }

        var screening = Text(errors, "texts.screening", document.Screening, RuleLimits.MaxSpokenLength);
        if (screening is not null && !screening.Contains(SpokenTexts.LinePlaceholder, StringComparison.Ordinal))
        {
            errors.Add("texts.screening", $"Name the line with {SpokenTexts.LinePlaceholder}, as in 'Call for {SpokenTexts.LinePlaceholder}. Press any key to accept.': the person who picks up must hear which line the call is for.");
            screening = null;
        }
        else if (screening is not null && screening.Replace(SpokenTexts.LinePlaceholder, "", StringComparison.Ordinal).AsSpan().IndexOfAny('{', '}') >= 0)
        {
            errors.Add("texts.screening", $"Only {SpokenTexts.LinePlaceholder} may stand in braces: it is replaced by the line's name, anything else would be read out as it is.");
            screening = null;
        }

        return builtIn with
        {
            LeaveAMessage = Text(errors, "texts.leaveAMessage", document.LeaveAMessage, RuleLimits.MaxSpokenLength) ?? builtIn.LeaveAMessage,
            Goodbye = Text(errors, "texts.goodbye", document.Goodbye, RuleLimits.MaxSpokenLength) ?? builtIn.Goodbye,
            ThanksForTheMessage = Text(errors, "texts.thanksForTheMessage", document.ThanksForTheMessage, RuleLimits.MaxSpokenLength) ?? builtIn.ThanksForTheMessage,
            Closed = Text(errors, "texts.closed", document.Closed, RuleLimits.MaxSpokenLength) ?? builtIn.Closed,
            Screening = screening ?? builtIn.Screening,
        };
    }

    private static WeeklyHours ReadHours(FieldErrors errors, WeeklyHoursDocument document)
    {
        var days = new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>();
        var spans = new List<(int Start, int End, string Field)>();
        foreach (var (day, field, texts) in document.Days())
        {
            var intervals = new List<OpeningInterval>();
            for (var i = 0; i < (texts?.Count ?? 0); i++)
            {
                var path = $"openingHours.{field}[{i}]";
                if (!TryParseInterval(texts![i], out var interval))
                {
                    errors.Add(path, $"'{texts[i]}' is not an interval such as 09:00-17:30 (use 22:00-02:00 for one that runs past midnight, 24:00 for midnight).");
                    continue;
                }

                if (interval.From == interval.To && texts[i] is not "00:00-24:00")
                {
                    errors.Add(path, $"'{texts[i]}' is empty: it starts and ends at the same time.");
                    continue;
                }

                intervals.Add(interval);
                var offset = MondayBasedIndex(day) * OpeningInterval.MinutesPerDay;
                spans.Add((offset + interval.Minutes.Start, offset + interval.Minutes.End, path));
            }

            days[day] = intervals;
        }

        ReportOverlaps(errors, spans);
        return new WeeklyHours(days);
    }

    /// <summary>Intervals may not overlap, also when one runs past midnight (Sunday night runs into Monday).</summary>
    private static void ReportOverlaps(FieldErrors errors, List<(int Start, int End, string Field)> spans)
    {
        const int week = 7 * OpeningInterval.MinutesPerDay;
        var all = spans.Concat(spans.Select(s => (Start: s.Start + week, End: s.End + week, s.Field))).OrderBy(s => s.Start).ToList();

        // Compared with the interval reaching furthest so far, so several short ones inside one long one are all named.
        for (int i = 1, furthest = 0; i < all.Count; i++)
        {
            var (reaching, current) = (all[furthest], all[i]);
            if (current.Start < reaching.End && current.Field != reaching.Field)
            {
                errors.Add(current.Field, $"Overlaps {reaching.Field}.");
            }

            if (current.End > reaching.End)
            {
                furthest = i;
            }
        }
    }

    private static List<Closure> ReadClosures(FieldErrors errors, IReadOnlyList<ClosureDocument> documents, bool stored)
    {
        if (documents.Count > RuleLimits.MaxClosures)
        {
            errors.Add("closures", $"At most {RuleLimits.MaxClosures} closures (got {documents.Count}).");
        }

        var closures = new List<Closure>();
        foreach (var (_, path, document) in Entries(errors, "closures", documents))
        {
            var from = ReadDate(errors, $"{path}.from", document.From, required: true, anyDay: stored);
            var to = ReadDate(errors, $"{path}.to", document.To, required: false, anyDay: stored) ?? from;
            var name = Text(errors, $"{path}.name", document.Name, RuleLimits.MaxNameLength);
            var yearly = document.Yearly ?? false;
            if (from is null || to is null)
            {
                continue;
            }

            if (!yearly && to < from)
            {
                errors.Add($"{path}.to", $"Ends ({document.To}) before it starts ({document.From}).");
                continue;
            }

            closures.Add(new Closure(from.Value, to.Value, yearly, name));
        }

        return closures;
    }

    private static DateOnly? ReadDate(FieldErrors errors, string path, string? text, bool required, bool anyDay)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add(path, "Give a date as yyyy-MM-dd.");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(path, $"'{text}' is not a date as yyyy-MM-dd.");
            return null;
        }

        if (!anyDay && !DateLimits.Contains(date))
        {
            errors.Add(path, $"{text} is outside the dates Ivr takes, {DateLimits.Days}.");
            return null;
        }

        return date;
    }

    private static List<PublicHolidaySet> ReadHolidays(FieldErrors errors, IReadOnlyList<string> codes)
    {
        var sets = new List<PublicHolidaySet>();
        for (var i = 0; i < codes.Count; i++)
        {
            if (PublicHolidaySet.Find(codes[i]) is { } set)
            {
                if (!sets.Contains(set))
                {
                    sets.Add(set);
                }
            }
            else
            {
                errors.Add($"publicHolidays[{i}]", $"Unknown holiday set '{codes[i]}'; Ivr knows {string.Join(", ", PublicHolidaySet.All.Select(s => s.Code))}.");
            }
        }

        return sets;
    }

    private static List<RingGroup> ReadGroups(FieldErrors errors, string number, IReadOnlyList<RingGroupDocument>? documents)
    {
        if (documents is null || documents.Count == 0)
        {
            errors.Add("ringGroups", "Give at least one ring group: without people to ring nobody can take a call.");
            return [];
        }

        if (documents.Count > RuleLimits.MaxRingGroups)
        {
            errors.Add("ringGroups", $"At most {RuleLimits.MaxRingGroups} ring groups (got {documents.Count}).");
        }

        var groups = new List<RingGroup>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, path, document) in Entries(errors, "ringGroups", documents))
        {
            var name = Text(errors, $"{path}.name", document.Name, RuleLimits.MaxNameLength) ?? $"Group {i + 1}";
            if (!names.Add(name))
            {
                errors.Add($"{path}.name", $"Another ring group is already called '{name}'.");
            }

            var members = new List<RingTarget>();
            var texts = document.Members ?? [];
            if (texts.Count is 0 or > RuleLimits.MaxGroupMembers)
            {
                errors.Add($"{path}.members", $"A ring group rings 1 to {RuleLimits.MaxGroupMembers} people (got {texts.Count}).");
            }

            for (var j = 0; j < texts.Count; j++)
            {
                if (ReadTarget(errors, $"{path}.members[{j}]", number, texts[j]) is { } member)
                {
                    members.Add(member);
                }
            }

            var strategy = Choice(errors, $"{path}.strategy", document.Strategy, RingStrategy.Simultaneous, ("simultaneous", RingStrategy.Simultaneous), ("sequential", RingStrategy.Sequential));
            var timeout = Range(errors, $"{path}.ringTimeoutSeconds", document.RingTimeoutSeconds, RuleLimits.DefaultRingTimeoutSeconds, RuleLimits.MinRingTimeoutSeconds, RuleLimits.MaxRingTimeoutSeconds);
            groups.Add(new RingGroup(name, members, strategy, timeout));
        }

        return groups;
    }

    private static RingTarget? ReadTarget(FieldErrors errors, string path, string number, string? text)
    {
        if (!RingTarget.TryParse(text, out var target))
        {
            errors.Add(path, $"'{text}' is not an E.164 number (+31612345678), client:<identity> or a sip: address.");
            return null;
        }

        if (target.Kind == RingTargetKind.Number && target.Address == number)
        {
            errors.Add(path, "This is the line's own number: ringing it would loop the call back into Ivr.");
            return null;
        }

        return target;
    }

    private static Ending ReadEnding(FieldErrors errors, EndingDocument? document)
    {
        if (document is null)
        {
            return Ending.Voicemail;
        }

        var kind = Choice(errors, "whenNobodyAnswers.action", document.Action, EndingKind.Voicemail, ("voicemail", EndingKind.Voicemail), ("goodbye", EndingKind.Goodbye));
        return new Ending(kind, Text(errors, "whenNobodyAnswers.message", document.Message, RuleLimits.MaxSpokenLength));
    }

    private static AfterHours ReadAfterHours(FieldErrors errors, string number, AfterHoursDocument? document)
    {
        if (document is null)
        {
            return AfterHours.Voicemail;
        }

        var action = Choice(errors, "afterHours.action", document.Action, AfterHoursAction.Voicemail, ("voicemail", AfterHoursAction.Voicemail), ("forward", AfterHoursAction.Forward), ("message", AfterHoursAction.Message));
        RingTarget? forwardTo = null;
        if (action == AfterHoursAction.Forward && document.ForwardTo is null)
        {
            errors.Add("afterHours.forwardTo", "Give the on-call number to forward to.");
        }
        else if (document.ForwardTo is not null)
        {
            forwardTo = ReadTarget(errors, "afterHours.forwardTo", number, document.ForwardTo);
        }

        var ringTimeout = Range(errors, "afterHours.ringTimeoutSeconds", document.RingTimeoutSeconds, RuleLimits.DefaultRingTimeoutSeconds, RuleLimits.MinRingTimeoutSeconds, RuleLimits.MaxRingTimeoutSeconds);
        return new AfterHours(action, forwardTo, Text(errors, "afterHours.message", document.Message, RuleLimits.MaxSpokenLength)) { RingTimeoutSeconds = ringTimeout };
    }

    private static Menu? ReadMenu(FieldErrors errors, MenuDocument document, HashSet<string> groupNames)
    {
        var prompt = Text(errors, "menu.prompt", document.Prompt, RuleLimits.MaxSpokenLength);
        if (prompt is null)
        {
            errors.Add("menu.prompt", "Give the words callers hear, such as 'For sales press 1, or stay on the line.'");
        }

        var timeout = Range(errors, "menu.timeoutSeconds", document.TimeoutSeconds, RuleLimits.DefaultMenuTimeoutSeconds, RuleLimits.MinMenuTimeoutSeconds, RuleLimits.MaxMenuTimeoutSeconds);
        var options = new Dictionary<char, string>();
        if (document.Options is null || document.Options.Count == 0)
        {
            errors.Add("menu.options", "Map at least one digit to a ring group, such as {\"1\": \"Sales\"}.");
        }

        foreach (var (digit, group) in document.Options ?? new Dictionary<string, string>())
        {
            var path = $"menu.options.{digit}";
            if (Menu.Digit(digit) is not { } key)
            {
                errors.Add(path, $"'{digit}' is not a single digit 0-9.");
            }
            else if (!groupNames.Contains(group))
            {
                errors.Add(path, $"No ring group is called '{group}'.");
            }
            else
            {
                options[key] = group;
            }
        }

        return prompt is null ? null : new Menu(prompt, timeout, options);
    }

    private static List<VipCaller> ReadVips(FieldErrors errors, IReadOnlyList<VipCallerDocument> documents, HashSet<string> groupNames)
    {
        if (documents.Count > RuleLimits.MaxVipCallers)
        {
            errors.Add("vipCallers", $"At most {RuleLimits.MaxVipCallers} VIP callers (got {documents.Count}).");
        }

        var vips = new List<VipCaller>();
        foreach (var (_, path, document) in Entries(errors, "vipCallers", documents))
        {
            var (vipNumber, group) = (document.Number, document.RingGroup);
            var valid = true;
            if (!PhoneNumber.IsE164(vipNumber))
            {
                errors.Add($"{path}.number", $"'{vipNumber}' is not an E.164 number such as +31612345678.");
                valid = false;
            }

            if (group is null || !groupNames.Contains(group))
            {
                errors.Add($"{path}.ringGroup", group is null ? "Name the ring group this caller rings first." : $"No ring group is called '{group}'.");
                valid = false;
            }

            if (valid)
            {
                vips.Add(new VipCaller(vipNumber!, group!));
            }
        }

        return vips;
    }

    private static StickyRouting ReadSticky(FieldErrors errors, StickyDocument document) => new(
        Range(errors, "sticky.withinDays", document.WithinDays, RuleLimits.DefaultStickyDays, RuleLimits.MinStickyDays, RuleLimits.MaxStickyDays),
        Range(errors, "sticky.ringTimeoutSeconds", document.RingTimeoutSeconds, RuleLimits.DefaultStickyRingTimeoutSeconds, RuleLimits.MinRingTimeoutSeconds, RuleLimits.MaxRingTimeoutSeconds));

    private static bool TryParseInterval(string? text, out OpeningInterval interval)
    {
        interval = default;
        var parts = text?.Split('-');
        if (parts is not [var from, var to] || !TryParseClock(from, out var start) || !TryParseClock(to, out var end) || from == "24:00")
        {
            return false;
        }

        interval = new OpeningInterval(start, end);
        return true;
    }

    /// <summary>HH:mm, with 24:00 for the midnight that ends a day.</summary>
    private static bool TryParseClock(string text, out TimeOnly time)
    {
        if (text == "24:00")
        {
            time = TimeOnly.MinValue;
            return true;
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    private static int MondayBasedIndex(DayOfWeek day) => ((int)day + 6) % 7;

    private static string? Text(FieldErrors errors, string path, string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(path, "Leave it out or give some text; it is blank.");
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(path, $"At most {maxLength} characters (got {text.Length}).");
            return null;
        }

        return text.Trim();
    }

    private static int Range(FieldErrors errors, string path, int? value, int fallback, int min, int max)
    {
        if (value is null)
        {
            return fallback;
        }

        if (value < min || value > max)
        {
            errors.Add(path, $"Must be between {min} and {max} (got {value}).");
        }

        return value.Value;
    }

    private static T Choice<T>(FieldErrors errors, string path, string? text, T fallback, params (string Name, T Value)[] choices)
    {
        if (text is null)
        {
            return fallback;
        }

        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        errors.Add(path, $"'{text}' is not one of {string.Join(", ", choices.Select(c => c.Name))}.");
        return fallback;
    }

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\z")]
    private static partial Regex LanguageTag();

    /// <summary>Twilio's voice names: the basic ones, Amazon Polly's (<c>Polly.Lotte</c>, <c>Polly.Vicki-Neural</c>) and Google's (<c>Google.de-DE-Standard-A</c>).</summary>
    [GeneratedRegex(@"^(man|woman|alice|Polly\.[A-Z][A-Za-z]{1,30}(-[A-Z][A-Za-z]{1,20})?|Google\.(?<locale>[a-z]{2,3}-[A-Z]{2})(-[A-Za-z0-9]{1,20}){2,4})\z")]
    private static partial Regex VoiceName();

    /// <summary>
    /// A list's entries with their JSON paths. JSON allows <c>null</c> in a list and the rules do not: a null entry is
    /// reported at its path and skipped.
    /// </summary>
    private static IEnumerable<(int Index, string Path, T Entry)> Entries<T>(FieldErrors errors, string list, IReadOnlyList<T?> entries)
        where T : class
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"{list}[{i}]";
            if (entries[i] is { } entry)
            {
                yield return (i, path, entry);
            }
            else
            {
                errors.Add(path, "Give an object here, not null.");
            }
        }
    }
}
