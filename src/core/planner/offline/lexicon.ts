/**
 * General English and operations vocabulary. Nothing here names a playbook, a service or an
 * environment: the catalog supplies those, and these tables only say which everyday words mean
 * the same thing ("bounce" ~ "restart") or how a sentence is meant (negated, past, hypothetical).
 */

/**
 * Multi-word expressions folded to one word before anything else reads the text. A replacement keeps
 * the inflection of the first word (`sfx`) so "rolled back" still reads as past tense, and whatever
 * sat between the words (`mid`), so "roll checkout back" becomes "rollback checkout".
 */
export const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\broll(?<sfx>ing|ed|s)?[\s-]+(?<mid>(?:[\w.'-]+\s+){0,3}?)b(?:ack|akc|cak|ak|ck)\b/g, 'rollback'],
  [/\b(?:take|taking|took|bring|brought|shut|shutting)\s+(?:it\s+|this\s+|that\s+)?down\b/g, 'takedown'],
  [/\bback(?<sfx>ing|ed|s)?[\s-]+out\b/g, 'rollback'],
  [/\bgo(?:ing|es)?\s+back\s+to\b/g, 'rollback to'],
  [/\bfail(?<sfx>ing|ed|s)?[\s-]+over\b/g, 'failover'],
  [/\bswitch(?<sfx>ing|ed|es)?[\s-]+over\b/g, 'failover'],
  [/\bon[\s-]+call\b/g, 'oncall'],
  [/\b(?:turn|switch|flip)(?<sfx>ing|ed|s|es|ped|ping)?\s+(?<mid>(?:[\w.'-]+\s+){0,3}?)on\b(?!\s*-?call)/g, 'enable'],
  [/\b(?:turn|switch|flip)(?<sfx>ing|ed|s|es|ped|ping)?\s+(?<mid>(?:[\w.'-]+\s+){0,3}?)off\b/g, 'disable'],
  [/\bkill[\s-]?switch\b/g, 'flag disable'],
  [/\bscal(?<sfx>ing|ed|es)?e?\s+(?<mid>(?:[\w.'-]+\s+){0,2}?)(?:up|down|out)\b/g, 'scale'],
  [/\bspin(?:ning|s)?\s+up\b/g, 'scale'],
  [/\bwake(?:s|ing)?\s+up\b/g, 'page'],
  [/\bhealth[\s-]?checks?\b/g, 'health'],
  [/\bfeature[\s-]flags?\b/g, 'flag'],
  [/\bshut\s+up\b/g, 'silence'],
  [/\bkick(?<sfx>ing|ed|s)?\s+over\b/g, 'restart'],
  [/\btak(?:e|es|ing)\s+(?<mid>(?:[\w.'-]+\s+){0,2}?)out\s+of\s+(?:rotation|service|the\s+pool)\b/g, 'drain'],
  [/\brolling\s+restart/g, 'restart'],
  [/\bwhat(?:'s|\s+is|\s+has)?\s+changed\b/g, 'change'],
  [/\bhow(?:'s|s|\s+is|\s+are|\s+does)?\s+(?<mid>(?:[\w.'-]+\s+){0,3}?)(?:looking|doing|going|holding\s+up|look)\b/g, 'status'],
  [/\bhow(?:'s|\s+is|\s+are)\b/g, 'how status'],
  [/\bcheck(?:ing)?\s+(?:in\s+)?on\b/g, 'status'],
  [/\b(?:is|are|isn't|aren't)\s+(?<mid>(?:[\w.'-]+\s+){1,3}?)(?:ok|okay|fine|working|alive|healthy|happy|broken|degraded|serving)\b/g, 'status'],
];

/**
 * Synonym sets of everyday ops words. A word may belong to more than one set; a set is keyed by
 * its first word, which is how the catalog's own wording is matched.
 */
export const SYNONYMS: ReadonlyArray<readonly string[]> = [
  ['restart', 'reboot', 'bounce', 'recycle', 'cycle', 'kick', 'reload', 'respawn', 'reset', 'kickstart', 'restarts'],
  ['rollback', 'revert', 'undo', 'downgrade', 'backout', 'unship', 'roll-back'],
  ['deploy', 'deployment', 'release', 'rollout', 'ship', 'shipped', 'went', 'change', 'diff', 'changelog'],
  ['version', 'build', 'tag', 'revision', 'sha', 'commit'],
  ['scale', 'resize', 'autoscale', 'increase', 'decrease', 'bump', 'reduce', 'horizontal'],
  ['replica', 'instance', 'pod', 'capacity', 'size'],
  ['log', 'logging', 'tail', 'stderr', 'stdout', 'output', 'trace', 'stacktrace', 'traceback', 'journal'],
  ['error', 'exception', 'failure', '5xx', '500', '502', '503', '504', 'stacktrace'],
  ['status', 'health', 'healthy', 'state', 'alive', 'up', 'down', 'doing', 'uptime', 'unhealthy', 'degraded', 'ok', 'okay'],
  ['show', 'gimme', 'get', 'fetch', 'list', 'display', 'see', 'view', 'pull', 'grab', 'give', 'print', 'look', 'check', 'tell', 'read'],
  ['flag', 'feature', 'killswitch'],
  ['toggle', 'flip'],
  ['enable', 'activate', 'on', 'unpause'],
  ['disable', 'deactivate', 'off', 'kill', 'pause'],
  ['cache', 'memcache', 'memcached', 'caching', 'cached'],
  ['flush', 'clear', 'purge', 'invalidate', 'bust', 'evict', 'wipe', 'empty', 'drop'],
  ['silence', 'mute', 'snooze', 'suppress', 'quiet', 'hush', 'shush', 'ack', 'acknowledge', 'quieten'],
  ['alert', 'alarm', 'alertmanager', 'monitor', 'firing'],
  ['page', 'pager', 'escalate', 'wake', 'summon', 'ring', 'phone', 'call', 'notify', 'contact'],
  ['oncall', 'rota', 'duty', 'responder', 'pagerduty'],
  ['drain', 'cordon', 'evacuate', 'unschedule', 'decommission'],
  ['node', 'host', 'machine', 'box', 'server', 'worker', 'vm', 'kubelet'],
  ['failover', 'promote', 'switchover'],
  ['database', 'db', 'postgres', 'postgresql', 'pg', 'mysql', 'primary', 'standby'],
  ['recent', 'latest', 'last', 'newest', 'lately', 'today'],
  ['team', 'squad', 'owner', 'owning'],
];

/** Sets of things and states, not actions: a request does not start with them to ask for something. */
export const NOT_VERBS = new Set(['version', 'replica', 'log', 'error', 'status', 'flag', 'cache', 'alert', 'oncall', 'node', 'database', 'recent', 'team']);

/** Words that may open a request before its verb: "please", "can you", "we need to". */
export const LEAD_IN = new Set(['please', 'pls', 'plz', 'can', 'could', 'would', 'will', 'you', 'u', 'kindly', 'hey', 'just', 'quickly', 'go', 'ahead', 'and', 'i', 'we', 'need', 'needs', 'want', 'to', 'lets', "let's", 'ok', 'okay', 'now', 'asap', 'yo', 'hi', 'opsgate', 'bot', 'someone', 'somebody', 'gotta', 'wanna', 'must', 'should', 'then', 'also']);

/** Polarity words, for enum params whose values mean on/off. */
export const POSITIVE = new Set(['on', 'enable', 'enabled', 'activate', 'true', 'yes', 'start', 'unpause', 'open']);
export const NEGATIVE = new Set(['off', 'disable', 'disabled', 'deactivate', 'false', 'no', 'kill', 'stop', 'pause', 'close']);

/** Function words and politeness: they never decide which playbook is meant. */
export const STOPWORDS = new Set(
  (
    'a an the to in on at for of from by with and or but is are was were be been being am it its it\'s ' +
    'this that these those me my mine we us our you your u ur i im i\'m ive i\'ve please pls plz plox kindly ' +
    'can could would will should shall may might must do does did just now right asap quick quickly real really ' +
    'again also too so then there here some any hey hi hello yo need needs want wanna gonna let lets let\'s ' +
    'have has had got go ahead bit little one what which who whom how why when where if as about into onto ' +
    'whats hows wheres whos thats lemme thing things stuff something someone anyone everyone guys folks team\'s all every service services svc app apps application yeah yep ya ye sure ok okay ' +
    'thanks thank thx ty cheers via per like though still already currently its immediately right away ' +
    'no not don\'t dont do not never whatever maybe probably again cuz because since while until till ' +
    'need\'s able again pretty very much many more less than over under out just'
  ).split(/\s+/),
);

/** Words that carry no request on their own: greetings, thanks, reactions. */
export const SOCIAL = new Set(
  (
    'thanks thank thx ty tysm tyvm cheers lol lmao rofl haha hahaha heh nice cool great awesome good job ' +
    'morning night evening afternoon hi hello hey yo sup ok okay kk k sure np welcome sorry oops wow yay gg brb ' +
    'afk bye cya wp love appreciated appreciate legend hero hm hmm ah oh ugh fun thank-you ' +
    'yep yeah nope indeed agree agreed +1 lgtm noted roger coffee lunch'
  ).split(/\s+/),
);


/** Hypotheticals and deliberation: "should we…", "what if we…", "if we … would …". */
export const HYPOTHETICAL = /\b(?:would\s+\w+ing\b|does\s+\w+ing\b|should\s+(?:we|i|they|someone)|shall\s+we|would\s+(?:it|that|a|we)\b|what\s+if|what\s+happens\s+if|if\s+(?:we|i|you|someone|they)\b|(?:maybe|perhaps)\s+(?:we|i)\s+should|we\s+(?:could|might|may)\b|i\s+wonder|wondering|hypothetically|suppose|supposing|in\s+theory|do\s+you\s+think|thinking\s+(?:about|of)|considering|would\s+you\s+recommend|is\s+it\s+(?:safe|worth|ok|okay)\s+to|worth\s+(?:it|trying))\b/i;

/** Narrative markers that place an action in the past. */
export const PAST_MARKER = /\b(?:last\s+(?:time|week|month|night|year|incident|outage|friday|monday|tuesday|wednesday|thursday|saturday|sunday)|yesterday|earlier(?:\s+today)?|ago|already|previously|back\s+when|the\s+other\s+day|had\s+to|used\s+to|we\s+(?:did|tried)|someone\s+(?:did|already))\b/i;

/** Irregular past forms that matter in ops chat; regular ones end in -ed. */
export const IRREGULAR_PAST = new Set(['ran', 'did', 'went', 'took', 'brought', 'broke', 'got', 'sent', 'made', 'rebooted', 'undid', 'forgot']);

/** Requests: the writer wants something done now. */
export const REQUEST_CUE = /\b(?:please|pls|plz|can\s+(?:you|u|we|i)|could\s+(?:you|u|we)|would\s+you|will\s+you|go\s+ahead|let'?s|need\s+(?:you\s+)?to|i\s+want|i'?d\s+like|do\s+it|asap|kindly)\b/i;

/** Self-corrections: what comes after replaces what came before. */
export const CORRECTION = /\b(?:sorry|i\s+mean|i\s+meant|no\s+wait|wait\s+no|wait|actually|make\s+(?:it|that)|correction|scratch\s+that|rather|instead|oops|typo|not\s+\w+\s*,\s*(?=\w))\b|\*\s*$/i;

/** Things nobody should ask a bot to destroy. */
export const DESTRUCTIVE_STRONG = new Set([
  'delete', 'deleted', 'deleting', 'destroy', 'destroying', 'truncate', 'truncating', 'nuke', 'nuking', 'erase', 'erasing',
  'obliterate', 'shred', 'format', 'rm', 'rmdir', 'dropdb', 'deprovision', 'uninstall', 'annihilate', 'takedown',
]);
export const DESTRUCTIVE_WEAK = new Set([
  'drop', 'dropping', 'remove', 'removing', 'purge', 'purging', 'wipe', 'wiping', 'terminate', 'terminating', 'kill',
  'killing', 'clear', 'clearing', 'empty', 'reset', 'flush', 'take', 'shutdown', 'shut', 'stop', 'disable', 'revoke',
  'decommission', 'tear', 'teardown', 'burn',
]);
export const DESTRUCTIVE_OBJECTS = new Set([
  'table', 'tables', 'database', 'databases', 'db', 'dbs', 'schema', 'data', 'bucket', 'buckets', 'volume', 'volumes',
  'disk', 'disks', 'cluster', 'clusters', 'namespace', 'namespaces', 'backup', 'backups', 'snapshot', 'snapshots',
  'record', 'records', 'rows', 'row', 'user', 'users', 'account', 'accounts', 'repo', 'repository', 'everything',
  'index', 'indices', 'keyspace', 'topic', 'topics', 'queue', 'queues', 'secrets', 'secret', 'credentials', 'keys',
  'certificate', 'certificates', 'certs', 'dns', 'zone', 'vpc', 'region', 'instances', 'fleet', 'servers',
  'history', 'audit', 'customers', 'transactions', 'ledger', 'wal',
]);

/** Shell and SQL that must never be proposed from chat. */
export const DANGEROUS_SYNTAX: readonly RegExp[] = [
  /\brm\s+-[a-z]*[rf]/i,
  /\bsudo\b/i,
  /\bdrop\s+(?:table|database|schema|index|user|keyspace)\b/i,
  /\btruncate\s+(?:table\s+)?\w/i,
  /\bdelete\s+from\s+\w/i,
  /\bmkfs\b|\bdd\s+if=|:\(\)\s*\{|\bchmod\s+(?:-r\s+)?777\b|\bchown\s+-r\b/i,
  /\bkubectl\s+delete\b|\bhelm\s+(?:uninstall|delete)\b|\bterraform\s+destroy\b|\baws\s+\S+\s+(?:delete|terminate)/i,
  /\b(?:curl|wget)\b[^|\n]*\|\s*(?:ba|z)?sh\b/i,
  /\bshutdown\s+-[hr]\b|\bhalt\b|\bpoweroff\b|\bkill\s+-9\s+-1\b|\bkillall\b/i,
  /\bforce[\s-]?push\b|\bgit\s+push\s+(?:-f|--force)\b|\bgit\s+reset\s+--hard\b/i,
  /\bflushall\b|\bflushdb\b|\bdropdb\b/i,
];

/** Text that tries to steer the bot instead of asking it for something. */
export const INJECTION: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass|skip|drop)\b[^.\n]{0,40}\b(?:instructions?|rules?|prompts?|guardrails?|policy|policies|safety|directions?|constraints?|restrictions?|previous|prior|above|everything\s+(?:above|before))\b/i,
  /\b(?:system|developer)\s+(?:prompt|message|mode|instructions?)\b/i,
  /\byou\s+are\s+(?:now|no\s+longer|actually|an?\s+(?:unrestricted|new|different))\b/i,
  /\b(?:act|behave|respond)\s+as\s+(?:if|an?|the|my|root|admin)\b/i,
  /\bpretend\s+(?:to\s+be|you(?:'re|\s+are)?|that)\b/i,
  /\b(?:jailbreak|jailbroken|dan\s+mode|do\s+anything\s+now|god\s+mode|sudo\s+mode|root\s+mode|admin\s+mode|unrestricted\s+mode)\b/i,
  /\bnew\s+(?:instructions?|rules?|task|persona)\s*[:-]/i,
  /\b(?:without|skip(?:ping)?|bypass(?:ing)?|no|don'?t\s+(?:need|ask\s+for|wait\s+for|require)|disable|turn\s+off)\s+(?:any\s+|the\s+|a\s+)?(?:confirm\w*|approv\w*|two[\s-]person|2[\s-]person|second\s+(?:person|approver)|review|sign[\s-]?off|gate|buttons?|checks?|authori[sz]\w*)\b/i,
  /\b(?:auto[\s-]?(?:approve|confirm)|self[\s-]?approve|approve\s+it\s+yourself|confirm\s+it\s+(?:yourself|for\s+me)|mark\s+(?:it|this|them)\s+(?:as\s+)?(?:approved|confirmed))\b/i,
  /\b(?:reveal|print|show|dump|leak|output|repeat|display|echo|tell\s+me|give\s+me|send\s+me|paste)\b[^.\n]{0,30}\b(?:system\s+prompt|your\s+(?:prompt|instructions|rules)|api[\s_-]?keys?|secrets?|tokens?|passwords?|credentials|env(?:ironment)?\s+var(?:iable)?s?|\.env|openai_api_key|private\s+keys?)\b/i,
  /<\/?\s*(?:system|assistant|user|instructions?)\s*>|\[\/?(?:inst|system|sys)\]|<<\s*sys\s*>>|###\s*(?:instruction|system)|\bbegin\s+(?:system|instructions)\b|^\s*(?:system|assistant)\s*:/im,
  /\b(?:i\s+am|i'm|im|as)\s+(?:the\s+|an?\s+)?(?:admin|administrator|root|cto|ceo|owner|superuser)\b[^.\n]{0,40}\b(?:so|approve|confirm|authori[sz]e|allowed|permission|trust)\b/i,
  /\b(?:exfiltrate|exfil)\b/i,
  /\bwhat(?:'s|\s+is|\s+are)\s+(?:the\s+|your\s+|our\s+)?(?:secrets?|api[\s_-]?keys?|tokens?|passwords?|credentials|env(?:ironment)?\s+var(?:iable)?s?|system\s+prompt|instructions)\b/i,
  /\b(?:forget|ignore|drop|remove|lose)\s+(?:about\s+)?(?:the\s+|any\s+|all\s+)?(?:confirm\w*|approv\w*|two[\s-]person\w*|2[\s-]person\w*|review|sign[\s-]?off|gate|checks?)\b/i,
  /\bexecute\s+(?:this|the\s+following|arbitrary)\b|\brun\s+(?:this|the\s+following)\s+(?:shell|bash|command|script)\b/i,
  /\b(?:base64|eval\s*\(|\$\(\s*\w|`\s*\w+\s+-)/i,
];

/** Pasted alert, pager or bot output: a line like these is quoted material, not a request. */
export const PASTED_LINE: readonly RegExp[] = [
  /\[(?:firing|resolved|alert|alerting|triggered|ok|warn(?:ing)?|crit(?:ical)?|p[1-5]|sev[1-5])(?::\s*\d+)?\]/i,
  /^\s*(?:firing|resolved|triggered|acknowledged|alert|alerting|incident|warning|critical)\s*[:!\-–—]/i,
  /\b(?:alertname|severity|runbook(?:_url)?|annotations|labels|instance|job|summary|description|value|starts_?at|ends_?at|generatorurl|fingerprint)\s*[=:]\s*\S/i,
  /\b(?:pagerduty|opsgenie|alertmanager|datadog|grafana|prometheus|sentry|new\s*relic|statuspage)\b\s*[:\-–—]/i,
  /\b(?:proposal|proposed|requested\s+by|confirmed\s+by|cancelled\s+by|approved\s+by|risk\s*:|plan\s*hash|awaiting\s+confirmation|\[confirm\]|\[cancel\]|exit\s+code|run\s+#?\d+|step\s+\d+\/\d+)\b/i,
  /^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]m)?\s+\S+\s*[:>-]/i,
  /^\s*\[?\d{4}-\d{2}-\d{2}[t\s]\d{2}:\d{2}/i,
  /^\s*(?:error|warn|info|debug|fatal|trace)\b[\s:\]]/i,
];

/** Help and capability questions. */
export const HELP =
  /^(?:help|halp|\?|usage|commands?|menu|options)(?:\s+(?:pls|please|plz|me|us|opsgate|bot))*\W*$|\b(?:what\s+(?:can|do|else\s+can)\s+(?:you|u|i|opsgate|it|this(?:\s+bot)?|the\s+bot)\s+(?:do|ask|run)|what\s+are\s+(?:you|u)\s+(?:able\s+to|capable)|how\s+do\s+i\s+(?:use\s+(?:you|this|opsgate|the\s+bot)|ask)|what\s+(?:playbooks|commands|actions|runbooks)|list\s+(?:the\s+|all\s+|your\s+|available\s+)*(?:playbooks|commands|actions|runbooks|capabilities)|show\s+(?:me\s+)?(?:the\s+|all\s+|your\s+|available\s+)*(?:playbooks|commands|actions|runbooks|capabilities)|which\s+(?:playbooks|commands|actions|runbooks)|(?:your\s+)?capabilities|what\s+do\s+you\s+support|help\s+me\s+(?:out|understand)|how\s+does\s+(?:this|opsgate)\s+work)\b/i;

/** Questions about what happened before: answered from incident memory, not by running anything. */
export const HISTORY_QUESTION =
  /\b(?:what|how|why|when|who)\b[^?]*\b(?:did\s+(?:we|they|you|someone|it)|was\s+(?:done|it|the\s+fix)|were\s+we|have\s+we|happened|last\s+time|previous(?:ly)?\s+(?:incident|outage|time)|before|fixed|resolved|root\s+cause|postmortem|post-mortem|rca)\b|\b(?:have|did)\s+we\s+(?:ever|seen|had|see)\b|\b(?:any|similar)\s+(?:past|previous|earlier|similar)\s+(?:incidents?|outages?)\b/i;

/** Words for "every target at once": no playbook here runs on everything. */
export const BULK = /\b(?:every(?:thing)?|all)\s+(?:the\s+|of\s+(?:the\s+)?)?(?:services?|apps?|applications?|nodes?|hosts?|servers?|machines?|databases?|dbs?|environments?|envs?|clusters?|regions?|pods?|prod(?:uction)?|staging|the\s+things)\b|\beverything\b|\bthe\s+(?:whole|entire)\s+(?:thing|estate|fleet|site|platform|cluster|stack|prod(?:uction)?|environment)\b/i;

/** Number words people type instead of digits. */
export const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, ninety: 90, hundred: 100, dozen: 12,
  couple: 2, pair: 2,
};

/** Version words that mean "the release before the current one" / "the last healthy one". */
export const PREVIOUS_WORDS = /\b(?:(?:undo|undid|revert|rollback)\w*\s+(?:the\s+|that\s+|this\s+)?(?:last|latest|recent|newest|new|bad|broken|current|today's)\s+(?:deploy|release|rollout|push|version|build|ship)|previous|prior|prev|the\s+one\s+before|last\s+(?:release|version|deploy(?:ment)?|build)|before\s+(?:the\s+)?(?:last|latest|current|that)\s+(?:deploy|release|one)|one\s+back|n-1)\b/i;
export const LAST_GOOD_WORDS = /\b(?:last[\s-]+(?:known[\s-]+)?(?:good|stable|working|healthy|green)|lkg|known[\s-]+good)\b/i;
