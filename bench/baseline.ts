/**
 * The original tool's call pattern, reproduced for the benchmark only (pahennig/Alerts-to-Jira-
 * Tickets, script/status.py, abuse.py, jira.py): per tenant one alerts call with a
 * `date.gte_ndays` filter and no paging; per alert the IPv4 addresses its regex finds in the raw
 * description (HTML and all); two AbuseIPDB calls per address occurrence (`repotedIP(i)` is called
 * once to print and again for the ticket); one Jira create per alert with the description's HTML
 * stripped. Sequential, no cache, no de-duplication — as it was.
 */
export interface BaselineTarget {
  tenants: Array<{ url: string; token: string }>;
  abuseIpdb: { url: string; key: string };
  jira: { url: string; email: string; apiToken: string; projectKey: string; issueTypeId: string };
}

/** status.py's pattern, without word boundaries, as it was. */
const IPV4 = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;

/**
 * The original tool's reading of an alert: IPv4 occurrences by regex over the raw description
 * (status.py matches before jira.py strips the HTML), and the text with tags removed by regex.
 */
export function baselineReading(alert: { description?: unknown; [field: string]: unknown }): {
  description: string;
  ips: string[];
} {
  const raw = typeof alert.description === 'string' ? alert.description : '';
  return { description: raw.replace(/<.*?>/g, ''), ips: raw.match(IPV4) ?? [] };
}

export async function runBaseline(target: BaselineTarget): Promise<{ created: number }> {
  const auth = `Basic ${Buffer.from(`${target.jira.email}:${target.jira.apiToken}`).toString('base64')}`;
  let created = 0;
  for (const tenant of target.tenants) {
    const response = await fetch(`${tenant.url}/api/v1/alerts/`, {
      method: 'POST',
      headers: { Authorization: `Token ${tenant.token}`, 'Content-Type': 'application/json' },
      // filter.py: on a Monday its day test falls through to 5 days; isScan is sent as it was.
      body: JSON.stringify({ filters: { date: { gte_ndays: 5 } }, isScan: true }),
    });
    const { data } = (await response.json()) as {
      data: Array<{ title?: string; description?: string; URL?: string }>;
    };
    for (const alert of data) {
      const { description, ips } = baselineReading(alert);
      const reports: string[] = [];
      for (const ip of ips) {
        for (let call = 0; call < 2; call += 1) {
          const check = await fetch(
            `${target.abuseIpdb.url}/check?ipAddress=${ip}&maxAgeInDays=90`,
            {
              headers: { Key: target.abuseIpdb.key, Accept: 'application/json' },
            },
          );
          const body = (await check.json()) as { data?: { totalReports?: number } };
          if (call === 1)
            reports.push(
              `The IP ${ip} was reported ${body.data?.totalReports ?? 0} times within 90 days`,
            );
        }
      }
      const create = await fetch(`${target.jira.url}/rest/api/3/issue`, {
        method: 'POST',
        headers: {
          Authorization: auth,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify({
          fields: {
            project: { key: target.jira.projectKey },
            issuetype: { id: target.jira.issueTypeId },
            summary: (alert.title ?? 'Alert').slice(0, 255),
            description: {
              type: 'doc',
              version: 1,
              content: [
                {
                  type: 'paragraph',
                  content: [{ type: 'text', text: `${description || '-'}\n${reports.join('\n')}` }],
                },
              ],
            },
          },
        }),
      });
      if (create.ok) created += 1;
    }
  }
  return { created };
}
