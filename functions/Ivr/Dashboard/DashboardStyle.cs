namespace Ivr.Dashboard;

/// <summary>The dashboard's one inline style sheet (the content security policy allows nothing else).</summary>
internal static class DashboardStyle
{
    public const string Css = """
        :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--paper:#fff;--ground:#f5f7fa;--accent:#3b6ea5;--bad:#b8525d}
        *{box-sizing:border-box}
        body{margin:0;background:var(--ground);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        h1{font-size:20px;margin:0;font-weight:600}
        h2{font-size:15px;margin:0 0 2px;font-weight:600}
        a{color:var(--accent)}
        button{font:inherit;border:0;border-radius:6px;padding:0 16px;height:34px;background:var(--accent);color:#fff;cursor:pointer}
        button:hover{background:#2f5b8a}
        button.quiet{background:transparent;color:var(--muted);border:1px solid var(--line)}
        button.quiet:hover{background:var(--paper);color:var(--ink)}
        input,select{font:inherit;color:inherit;border:1px solid #cbd2d9;border-radius:6px;padding:0 8px;height:34px;background:var(--paper)}
        .muted{color:var(--muted)}
        .error,.problem{border-left:4px solid var(--bad);background:#fbeff0;padding:10px 14px;border-radius:6px}
        .problem p{margin:6px 0}
        .top{display:flex;justify-content:space-between;align-items:center;gap:16px;padding:16px 28px;background:var(--paper);border-bottom:1px solid var(--line)}
        .scope{margin:2px 0 0;color:var(--muted)}
        main{max-width:1280px;margin:0 auto;padding:20px 28px 32px}
        .question{display:flex;flex-wrap:wrap;align-items:flex-end;gap:12px 18px;margin-bottom:20px}
        .question label{display:flex;flex-direction:column;gap:4px;font-size:12px;color:var(--muted)}
        .question input[type=number]{width:8em}
        .question select{min-width:12em}
        .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px;margin-bottom:24px}
        .figure{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
        .figure-label{font-size:12px;color:var(--muted)}
        .figure .value{font-size:24px;font-weight:600;font-variant-numeric:tabular-nums;margin:2px 0}
        .figure .note{font-size:12px;color:var(--muted)}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px;margin-bottom:24px}
        .chart{margin:0;background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:14px 16px 8px}
        .chart p{margin:0 0 6px;color:var(--muted);font-size:12px}
        .chart-svg{display:block;width:100%;height:auto}
        .chart-svg text{font-size:11px;fill:var(--muted)}
        .chart-svg .label{font-size:10px}
        .chart-svg .value-label{font-size:10px;fill:var(--ink)}
        .chart-svg .legend text{fill:var(--ink)}
        .chart-svg .axis-title{font-size:11px;fill:#7b8794}
        .chart-svg .empty{font-size:14px;fill:#9aa5b1}
        .chart-svg .grid{stroke:#edf0f3;stroke-width:1}
        .chart-svg .axis{stroke:#9aa5b1;stroke-width:1}
        .chart-svg .bar:hover,.chart-svg .point:hover{opacity:.8}
        .tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px;margin-bottom:20px}
        .table{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
        table{width:100%;border-collapse:collapse;margin-top:8px;font-variant-numeric:tabular-nums}
        th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);font-weight:normal}
        thead th{font-size:12px;color:var(--muted)}
        tbody th{word-break:break-all}
        .num{text-align:right}
        td.none{color:var(--muted);text-align:center}
        .footnote{color:var(--muted);font-size:12px;max-width:900px}
        body.sign-in{display:flex;min-height:100vh;align-items:center;justify-content:center}
        .sign-in-card{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:28px 32px;width:min(420px,92vw)}
        .sign-in-card form{display:flex;flex-direction:column;gap:8px;margin-top:16px}
        .sign-in-card label{font-size:12px;color:var(--muted)}
        .sign-in-card button{margin-top:8px;align-self:flex-start}
        @media (max-width:560px){.charts{grid-template-columns:1fr}.top,main{padding-left:14px;padding-right:14px}}
        """;
}
