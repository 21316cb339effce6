namespace Almanac.Domain.Platform;

/// <summary>
/// One line of the audit log: who changed what when, from which value to which. <paramref name="Entity"/> names the
/// record ("submission 12", "questionnaire 2023"), <paramref name="Field"/> the answer key or "state".
/// </summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Entity, string Action, string? Field, string? OldValue, string? NewValue);
