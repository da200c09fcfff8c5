// Positive cases: one kind of credential per entry, each with several realistic contexts in which
// people paste it during an incident (exports, curl, config files, CI logs, chat).
import { ALNUM, DIGITS, Gen, HEX, LOWER, UPPER_ALNUM, type Case } from './rng.js';
import { pemBody, S } from './secrets.js';

export interface PositiveKind {
  kind: string;
  templates: ReadonlyArray<(g: Gen) => Case>;
}

const one = (text: string, ...secrets: string[]): Case => ({ text, secrets });
const block = (text: string, ...secrets: string[]): Case => ({ text, secrets, multiline: true });
const q = (g: Gen): string => g.pick(['"', "'", '']);

/**
 * A PEM block and the secret(s) to record: the whole body, or for an indented block (YAML, Ansible) its
 * first, middle and last lines, since the indentation between lines is not secret material.
 */
function pem(g: Gen, label: string, kind: 'rsa' | 'pkcs8' | 'ec' | 'openssh', indent = ''): { text: string; body: string[] } {
  const raw = pemBody(g, kind);
  const lines = raw.map((l) => indent + l);
  const joined = lines.join('\n');
  const body = indent === '' ? [joined] : [raw[0]!, raw[Math.floor(raw.length / 2)]!, raw[raw.length - 1]!];
  return { text: `${indent}-----BEGIN ${label}-----\n${joined}\n${indent}-----END ${label}-----`, body };
}

export const POSITIVE_KINDS: readonly PositiveKind[] = [
  {
    kind: 'aws-access-key-id',
    templates: [
      (g) => { const s = S.awsAccessKeyId(g); return one(`export AWS_ACCESS_KEY_ID=${s}`, s); },
      (g) => { const s = S.awsAccessKeyId(g); return one(`aws_access_key_id = ${s}`, s); },
      (g) => { const s = S.awsAccessKeyId(g); return one(`"AccessKeyId": "${s}",`, s); },
      (g) => { const s = S.awsAccessKeyId(g); return one(`docker run --rm -e AWS_ACCESS_KEY_ID=${s} -e AWS_REGION=${g.region()} ${g.image()}:${g.version()}`, s); },
      (g) => { const s = S.awsAccessKeyId(g); return one(`Authorization: AWS4-HMAC-SHA256 Credential=${s}/20240501/${g.region()}/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${g.hex(64)}`, s); },
      (g) => { const s = S.awsAccessKeyId(g); return one(`anyone know whose key ${s} is? it shows up in cloudtrail for the ${g.ns()} account`, s); },
      (g) => { const s = S.awsAccessKeyId(g); return one(`  access_key = "${s}"`, s); },
      (g) => { const s = S.awsAccessKeyId(g); return one(`botocore.exceptions.ClientError: An error occurred (InvalidAccessKeyId) when calling the PutObject operation: The AWS Access Key Id you provided does not exist in our records. (key: ${s})`, s); },
    ],
  },
  {
    kind: 'aws-secret-key',
    templates: [
      (g) => { const s = S.awsSecretKey(g); return one(`export AWS_SECRET_ACCESS_KEY=${s}`, s); },
      (g) => { const id = S.awsAccessKeyId(g); const s = S.awsSecretKey(g); return block(`[${g.pick(['default', 'prod', 'deploy'])}]\naws_access_key_id = ${id}\naws_secret_access_key = ${s}\nregion = ${g.region()}`, id, s); },
      (g) => { const s = S.awsSecretKey(g); return block(`{\n    "Credentials": {\n        "AccessKeyId": "${S.awsAccessKeyId(g)}",\n        "SecretAccessKey": "${s}",\n        "Expiration": "${g.iso()}"\n    }\n}`, s); },
      (g) => { const s = S.awsSecretKey(g); return one(`aws configure set aws_secret_access_key ${s} --profile ${g.ns()}`, s); },
      (g) => { const s = S.awsSecretKey(g); return one(`AWS Secret Access Key [****************${g.str(4, UPPER_ALNUM)}]: ${s}`, s); },
      (g) => { const s = S.awsSecretKey(g); return one(`  secret_key = "${s}"`, s); },
      (g) => { const s = S.awsSecretKey(g); const qt = q(g); return block(`        env:\n        - name: AWS_SECRET_ACCESS_KEY\n          value: ${qt}${s}${qt}`, s); },
      (g) => { const s = S.awsSecretKey(g); return one(`s3 = boto3.client("s3", aws_access_key_id="${S.awsAccessKeyId(g)}", aws_secret_access_key="${s}")`, s); },
      (g) => { const s = S.awsSecretKey(g); return one(`docker run -e AWS_SECRET_ACCESS_KEY=${s} amazon/aws-cli s3 ls`, s); },
    ],
  },
  {
    kind: 'aws-session-token',
    templates: [
      (g) => { const s = S.awsSessionToken(g); return one(`export AWS_SESSION_TOKEN=${s}`, s); },
      (g) => { const s = S.awsSessionToken(g); return one(`"SessionToken": "${s}",`, s); },
      (g) => { const s = S.awsSessionToken(g); return one(`aws_session_token = ${s}`, s); },
      (g) => { const s = S.awsSessionToken(g); return one(`X-Amz-Security-Token: ${s}`, s); },
      (g) => { const s = S.awsSessionToken(g); return one(`credentials expired? token starts ${s}`, s); },
    ],
  },
  {
    kind: 'gcp-api-key',
    templates: [
      (g) => { const s = S.gcpApiKey(g); return one(`curl "https://maps.googleapis.com/maps/api/geocode/json?address=Main+St&key=${s}"`, s); },
      (g) => { const s = S.gcpApiKey(g); return one(`GOOGLE_API_KEY=${s}`, s); },
      (g) => { const s = S.gcpApiKey(g); return one(`  apiKey: "${s}",`, s); },
      (g) => { const s = S.gcpApiKey(g); return one(`-H "x-goog-api-key: ${s}"`, s); },
      (g) => { const s = S.gcpApiKey(g); return one(`API key not valid. Please pass a valid API key. [key=${s}] reason: API_KEY_INVALID`, s); },
      (g) => { const s = S.gcpApiKey(g); return one(`maps_api_key: ${s}`, s); },
    ],
  },
  {
    kind: 'gcp-service-account',
    templates: [
      (g) => {
        const lines = pemBody(g, 'pkcs8');
        const body = lines.join('\\n');
        const proj = `${g.svc()}-${g.int(100000, 999999)}`;
        return block(`{\n  "type": "service_account",\n  "project_id": "${proj}",\n  "private_key_id": "${g.hex(40)}",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "deployer@${proj}.iam.gserviceaccount.com",\n  "client_id": "${g.str(21, DIGITS)}",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}`, body);
      },
      (g) => {
        const body = pemBody(g, 'pkcs8').join('\\n');
        return one(`GOOGLE_CREDENTIALS='{"type":"service_account","project_id":"acme-prod","private_key":"-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n","client_email":"ci@acme-prod.iam.gserviceaccount.com"}'`, body);
      },
    ],
  },
  {
    kind: 'gcp-oauth-client-secret',
    templates: [
      (g) => { const s = S.gcpOauthSecret(g); return one(`"client_secret": "${s}",`, s); },
      (g) => { const s = S.gcpOauthSecret(g); return one(`GOOGLE_CLIENT_SECRET=${s}`, s); },
      (g) => { const s = S.gcpOauthSecret(g); return one(`oauth2-proxy --provider=google --client-id=${g.str(12, DIGITS)}-${g.str(32, LOWER + DIGITS)}.apps.googleusercontent.com --client-secret=${s}`, s); },
      (g) => { const s = S.gcpOauthSecret(g); return one(`client_secret = "${s}"`, s); },
    ],
  },
  {
    kind: 'azure-connection-string',
    templates: [
      (g) => { const s = S.azureStorageKey(g); return one(`AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=${g.svc().replace(/-/g, '')}prod;AccountKey=${s};EndpointSuffix=core.windows.net"`, s); },
      (g) => { const s = S.azureStorageKey(g); return one(`"AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=fnstorage${g.int(10, 99)};AccountKey=${s};EndpointSuffix=core.windows.net",`, s); },
      (g) => { const s = S.azureSharedAccessKey(g); return one(`Endpoint=sb://${g.svc()}-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s}`, s); },
      (g) => { const s = S.azureStorageKey(g); return one(`az storage blob upload --container-name backups --file dump.sql --connection-string "DefaultEndpointsProtocol=https;AccountName=backups${g.int(1, 9)};AccountKey=${s}"`, s); },
      (g) => { const s = S.azureSharedAccessKey(g); return one(`Microsoft.Azure.ServiceBus.UnauthorizedException: Put token failed. connection: Endpoint=sb://events-${g.ns()}.servicebus.windows.net/;SharedAccessKeyName=sender;SharedAccessKey=${s};EntityPath=orders`, s); },
    ],
  },
  {
    kind: 'azure-sas-token',
    templates: [
      (g) => { const s = S.azureSasSig(g); return one(`azcopy copy ./dump.sql "https://backups${g.int(1, 9)}.blob.core.windows.net/db/dump.sql?sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2025-06-30T18:00:00Z&st=2025-06-01T10:00:00Z&spr=https&sig=${s}"`, s); },
      (g) => { const s = S.azureSasSig(g); return one(`GET https://media${g.int(1, 9)}.blob.core.windows.net/exports/report.csv?sp=r&st=2024-05-01T08:00:00Z&se=2024-05-02T08:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${s} 403`, s); },
      (g) => { const s = S.azureSasSig(g); return one(`BLOB_SAS_URL=https://logs.blob.core.windows.net/raw?sv=2021-08-06&si=readonly&sr=c&sig=${s}`, s); },
      (g) => { const s = S.azureSasSig(g); return one(`${g.user()}: the export link is https://exports.blob.core.windows.net/out/orders.parquet?se=2024-06-01&sp=r&sv=2022-11-02&sr=b&sig=${s}`, s); },
    ],
  },
  {
    kind: 'azure-client-secret',
    templates: [
      (g) => { const s = S.azureClientSecret(g); return one(`AZURE_CLIENT_SECRET=${s}`, s); },
      (g) => { const s = S.azureClientSecret(g); return one(`az login --service-principal -u ${g.uuid()} -p ${s} --tenant ${g.uuid()}`, s); },
      (g) => { const s = S.azureClientSecret(g); return one(`  "clientSecret": "${s}",`, s); },
      (g) => { const s = S.azureClientSecret(g); return one(`  client_secret   = "${s}"`, s); },
    ],
  },
  {
    kind: 'github-pat',
    templates: [
      (g) => { const s = S.githubPat(g); return one(`export GITHUB_TOKEN=${s}`, s); },
      (g) => { const s = S.githubPat(g); return one(`git clone https://${s}@github.com/acme/${g.svc()}.git`, s); },
      (g) => { const s = S.githubPat(g); return one(`curl -H "Authorization: token ${s}" https://api.github.com/repos/acme/${g.svc()}/actions/runs`, s); },
      (g) => { const s = S.githubPat(g); return one(`echo ${s} | gh auth login --with-token`, s); },
      (g) => { const s = S.githubPat(g); return one(`//npm.pkg.github.com/:_authToken=${s}`, s); },
      (g) => { const s = S.githubPat(g); return one(`oops, that was my token ${s} — rotating it now`, s); },
      (g) => { const s = S.githubPat(g); return one(`docker build --build-arg GITHUB_TOKEN=${s} -t ${g.svc()} .`, s); },
    ],
  },
  {
    kind: 'github-fine-grained-pat',
    templates: [
      (g) => { const s = S.githubFineGrained(g); return one(`GH_TOKEN=${s} gh release create v${g.version()}`, s); },
      (g) => { const s = S.githubFineGrained(g); return one(`remote: Invalid username or token. Password authentication is not supported. token=${s}`, s); },
      (g) => { const s = S.githubFineGrained(g); return one(`    token: ${s}`, s); },
      (g) => { const s = S.githubFineGrained(g); return one(`git remote set-url origin https://oauth2:${s}@github.com/acme/infra.git`, s); },
    ],
  },
  {
    kind: 'github-app-token',
    templates: [
      (g) => { const s = S.githubApp(g); return one(`git remote set-url origin https://x-access-token:${s}@github.com/acme/${g.svc()}.git`, s); },
      (g) => { const s = S.githubApp(g); return one(`  GH_TOKEN: ${s}`, s); },
      (g) => { const s = S.githubApp(g); return one(`Run actions/create-github-app-token@v1 -> token ${s} (expires ${g.iso()})`, s); },
      (g) => { const s = S.githubApp(g); return one(`{"token":"${s}","expires_at":"${g.iso()}","permissions":{"contents":"write"}}`, s); },
    ],
  },
  {
    kind: 'github-oauth-token',
    templates: [
      (g) => { const s = S.githubOauth(g); return block(`github.com:\n    user: ${g.user()}\n    oauth_token: ${s}\n    git_protocol: https`, s); },
      (g) => { const s = S.githubOauth(g); return one(`access_token=${s}&scope=repo%2Cgist&token_type=bearer`, s); },
      (g) => { const s = S.githubOauth(g); return one(`curl -H "Authorization: Bearer ${s}" https://api.github.com/user`, s); },
    ],
  },
  {
    kind: 'gitlab-pat',
    templates: [
      (g) => { const s = S.gitlabPat(g); return one(`curl --header "PRIVATE-TOKEN: ${s}" "https://gitlab.acme.internal/api/v4/projects/${g.int(10, 900)}/pipelines"`, s); },
      (g) => { const s = S.gitlabPat(g); return one(`git clone https://oauth2:${s}@gitlab.com/acme/${g.svc()}.git`, s); },
      (g) => { const s = S.gitlabPat(g); return one(`GITLAB_TOKEN=${s}`, s); },
      (g) => { const s = S.gitlabPat(g); return one(`glab auth login --hostname gitlab.acme.internal --token ${s}`, s); },
    ],
  },
  {
    kind: 'gitlab-runner-token',
    templates: [
      (g) => { const s = S.gitlabRunner(g); return one(`gitlab-runner register --non-interactive --url https://gitlab.acme.internal --token ${s} --executor docker`, s); },
      (g) => { const s = S.gitlabRunner(g); return block(`[[runners]]\n  name = "${g.host()}"\n  url = "https://gitlab.acme.internal"\n  token = "${s}"\n  executor = "kubernetes"`, s); },
      (g) => { const s = S.gitlabRunner(g); return one(`helm upgrade --install runner gitlab/gitlab-runner --set runnerToken=${s}`, s); },
    ],
  },
  {
    kind: 'bitbucket-app-password',
    templates: [
      (g) => { const s = S.bitbucketAppPassword(g); return one(`git clone https://${g.user()}:${s}@bitbucket.org/acme/${g.svc()}.git`, s); },
      (g) => { const s = S.bitbucketAppPassword(g); return one(`BITBUCKET_APP_PASSWORD=${s}`, s); },
      (g) => { const s = S.bitbucketAppPassword(g); return one(`curl -u ci-bot:${s} https://api.bitbucket.org/2.0/repositories/acme`, s); },
    ],
  },
  {
    kind: 'atlassian-api-token',
    templates: [
      (g) => { const s = S.atlassianToken(g); return one(`JIRA_API_TOKEN=${s}`, s); },
      (g) => { const s = S.atlassianToken(g); return one(`curl -u ops@acme.example:${s} -H "Accept: application/json" https://acme.atlassian.net/rest/api/3/issue/OPS-${g.int(100, 999)}`, s); },
      (g) => { const s = S.atlassianToken(g); return one(`jira: { url: https://acme.atlassian.net, user: ops-bot@acme.example, token: ${s} }`, s); },
    ],
  },
  {
    kind: 'npm-token',
    templates: [
      (g) => { const s = S.npmToken(g); return one(`//registry.npmjs.org/:_authToken=${s}`, s); },
      (g) => { const s = S.npmToken(g); return one(`NPM_TOKEN=${s} npm publish --access public`, s); },
      (g) => { const s = S.npmToken(g); return one(`npm config set //registry.npmjs.org/:_authToken ${s}`, s); },
      (g) => { const s = S.npmToken(g); return one(`npm ERR! 403 Forbidden - PUT https://registry.npmjs.org/@acme%2f${g.svc()} - token ${s} lacks publish rights`, s); },
    ],
  },
  {
    kind: 'pypi-token',
    templates: [
      (g) => { const s = S.pypiToken(g); return block(`[pypi]\n  username = __token__\n  password = ${s}`, s); },
      (g) => { const s = S.pypiToken(g); return one(`TWINE_PASSWORD=${s} twine upload dist/*`, s); },
      (g) => { const s = S.pypiToken(g); return one(`twine upload -u __token__ -p ${s} dist/${g.svc()}-${g.version()}.tar.gz`, s); },
      (g) => { const s = S.pypiToken(g); return one(`uv publish --token ${s}`, s); },
    ],
  },
  {
    kind: 'dockerhub-token',
    templates: [
      (g) => { const s = S.dockerhubPat(g); return one(`docker login -u ${g.user()} -p ${s}`, s); },
      (g) => { const s = S.dockerhubPat(g); return one(`echo "${s}" | docker login -u acmeci --password-stdin`, s); },
      (g) => { const s = S.dockerhubPat(g); return one(`DOCKERHUB_TOKEN=${s}`, s); },
      (g) => { const s = S.dockerhubPat(g); return one(`Error response from daemon: unauthorized: incorrect username or password (token ${s})`, s); },
    ],
  },
  {
    kind: 'circleci-token',
    templates: [
      (g) => { const s = S.circleciToken(g); return one(`CIRCLECI_TOKEN=${s}`, s); },
      (g) => { const s = S.circleciToken(g); return one(`curl -H "Circle-Token: ${s}" https://circleci.com/api/v2/me`, s); },
      (g) => { const s = S.circleciToken(g); return one(`circleci setup --no-prompt --host https://circleci.com --token ${s}`, s); },
    ],
  },
  {
    kind: 'slack-bot-token',
    templates: [
      (g) => { const s = S.slackBot(g); return one(`SLACK_BOT_TOKEN=${s}`, s); },
      (g) => { const s = S.slackBot(g); return one(`curl -H "Authorization: Bearer ${s}" https://slack.com/api/auth.test`, s); },
      (g) => { const s = S.slackBot(g); return one(`client = WebClient(token="${s}")`, s); },
      (g) => { const s = S.slackBot(g); return one(`[ERROR]  bolt-app An API error occurred: invalid_auth (token ${s})`, s); },
      (g) => { const s = S.slackBot(g); return block(`stringData:\n  bot-token: ${s}\n  signing-secret: ${g.fake(32, HEX)}`, s); },
    ],
  },
  {
    kind: 'slack-user-token',
    templates: [
      (g) => { const s = S.slackUser(g); return one(`SLACK_USER_TOKEN=${s}`, s); },
      (g) => { const s = S.slackUser(g); return one(`curl -s "https://slack.com/api/conversations.history?channel=C0${g.str(8, UPPER_ALNUM)}" -H "Authorization: Bearer ${s}"`, s); },
      (g) => { const s = S.slackUser(g); return one(`legacy token ${s} still used by the export script`, s); },
    ],
  },
  {
    kind: 'slack-app-token',
    templates: [
      (g) => { const s = S.slackApp(g); return one(`SLACK_APP_TOKEN=${s}`, s); },
      (g) => { const s = S.slackApp(g); return one(`new App({ token: process.env.SLACK_BOT_TOKEN, appToken: "${s}", socketMode: true })`, s); },
      (g) => { const s = S.slackApp(g); return one(`socket-mode: apps.connections.open failed for ${s}: not_allowed_token_type`, s); },
    ],
  },
  {
    kind: 'slack-webhook-url',
    templates: [
      (g) => { const p = S.slackWebhookPath(g); return one(`curl -X POST -H 'Content-type: application/json' --data '{"text":"deploy of ${g.svc()} finished"}' https://hooks.slack.com/services/${p}`, p); },
      (g) => { const p = S.slackWebhookPath(g); return one(`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/${p}`, p); },
      (g) => { const p = S.slackWebhookPath(g); return block(`receivers:\n- name: oncall-slack\n  slack_configs:\n  - api_url: https://hooks.slack.com/services/${p}\n    channel: '#alerts-${g.ns()}'`, p); },
      (g) => { const p = S.slackWebhookPath(g); return one(`requests.post("https://hooks.slack.com/services/${p}", json=payload, timeout=5)`, p); },
    ],
  },
  {
    kind: 'discord-bot-token',
    templates: [
      (g) => { const s = S.discordBot(g); return one(`DISCORD_TOKEN=${s}`, s); },
      (g) => { const s = S.discordBot(g); return one(`client.login("${s}");`, s); },
      (g) => { const s = S.discordBot(g); return one(`curl -H "Authorization: Bot ${s}" https://discord.com/api/v10/users/@me`, s); },
    ],
  },
  {
    kind: 'discord-webhook-url',
    templates: [
      (g) => { const w = S.discordWebhook(g); return one(`DISCORD_WEBHOOK=https://discord.com/api/webhooks/${w.id}/${w.token}`, w.token); },
      (g) => { const w = S.discordWebhook(g); return one(`curl -H "Content-Type: application/json" -d '{"content":"${g.svc()} is down"}' https://discordapp.com/api/webhooks/${w.id}/${w.token}`, w.token); },
      (g) => { const w = S.discordWebhook(g); return one(`  webhook_url: "https://discord.com/api/webhooks/${w.id}/${w.token}"`, w.token); },
    ],
  },
  {
    kind: 'teams-webhook-url',
    templates: [
      (g) => { const h = g.fake(32, HEX); const u = g.uuid(); return one(`TEAMS_WEBHOOK_URL=https://acme.webhook.office.com/webhookb2/${g.uuid()}@${g.uuid()}/IncomingWebhook/${h}/${u}`, h, u); },
      (g) => { const h = g.fake(32, HEX); const u = g.uuid(); return one(`curl -H 'Content-Type: application/json' -d '{"text":"sev2 opened"}' https://contoso.webhook.office.com/webhookb2/${g.uuid()}@${g.uuid()}/IncomingWebhook/${h}/${u}/V2${g.fake(20, ALNUM)}`, h, u); },
      (g) => { const sig = g.fake(43, ALNUM + '-_'); return one(`POST https://prod-${g.int(10, 99)}.westeurope.logic.azure.com:443/workflows/${g.hex(32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig} 202`, sig); },
    ],
  },
  {
    kind: 'telegram-bot-token',
    templates: [
      (g) => { const s = S.telegramBot(g); return one(`TELEGRAM_BOT_TOKEN=${s}`, s); },
      (g) => { const s = S.telegramBot(g); return one(`curl -s "https://api.telegram.org/bot${s}/sendMessage?chat_id=-100${g.str(10, DIGITS)}&text=alert"`, s); },
      (g) => { const s = S.telegramBot(g); return one(`bot = Bot(token="${s}")`, s); },
    ],
  },
  {
    kind: 'stripe-secret-key',
    templates: [
      (g) => { const s = S.stripeSecret(g); return one(`STRIPE_SECRET_KEY=${s}`, s); },
      (g) => { const s = S.stripeSecret(g); return one(`curl https://api.stripe.com/v1/charges -u ${s}: -d amount=2000 -d currency=eur`, s); },
      (g) => { const s = S.stripeSecret(g); return one(`Stripe.api_key = "${s}"`, s); },
      (g) => { const s = S.stripeSecret(g); return one(`stripe listen --api-key ${s} --forward-to localhost:4242/webhooks`, s); },
      (g) => { const s = S.stripeSecret(g); return one(`Stripe::AuthenticationError: Invalid API Key provided: ${s}`, s); },
    ],
  },
  {
    kind: 'stripe-webhook-secret',
    templates: [
      (g) => { const s = S.stripeWebhook(g); return one(`STRIPE_WEBHOOK_SECRET=${s}`, s); },
      (g) => { const s = S.stripeWebhook(g); return one(`> Ready! Your webhook signing secret is ${s} (^C to quit)`, s); },
      (g) => { const s = S.stripeWebhook(g); return one(`stripe.Webhook.construct_event(payload, sig_header, "${s}")`, s); },
    ],
  },
  {
    kind: 'twilio-auth-token',
    templates: [
      (g) => { const s = S.twilioAuthToken(g); return one(`TWILIO_AUTH_TOKEN=${s}`, s); },
      (g) => { const s = S.twilioAuthToken(g); const sid = S.twilioAccountSid(g); return one(`curl -X POST https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json -u ${sid}:${s} --data-urlencode "Body=page"`, s); },
      (g) => { const s = S.twilioAuthToken(g); return one(`  "auth_token": "${s}",`, s); },
      (g) => { const s = S.twilioAuthToken(g); return one(`twilio: { account_sid: ${S.twilioAccountSid(g)}, auth_token: ${s} }`, s); },
      (g) => { const s = S.twilioAuthToken(g); return one(`client = Client("${S.twilioAccountSid(g)}", "${s}")`, s); },
    ],
  },
  {
    kind: 'twilio-api-key',
    templates: [
      (g) => { const k = S.twilioApiKey(g); const sec = g.fake(32, ALNUM); return block(`TWILIO_API_KEY=${k}\nTWILIO_API_SECRET=${sec}`, k, sec); },
      (g) => { const k = S.twilioApiKey(g); return one(`client = Client("${k}", os.environ["TWILIO_API_SECRET"], "${S.twilioAccountSid(g)}")`, k); },
      (g) => { const k = S.twilioApiKey(g); return one(`twilio api:core:keys:list -> ${k}  ${g.svc()}-sender  ${g.iso()}`, k); },
    ],
  },
  {
    kind: 'sendgrid-api-key',
    templates: [
      (g) => { const s = S.sendgrid(g); return one(`SENDGRID_API_KEY=${s}`, s); },
      (g) => { const s = S.sendgrid(g); return one(`curl --request POST --url https://api.sendgrid.com/v3/mail/send --header "Authorization: Bearer ${s}" --header 'Content-Type: application/json'`, s); },
      (g) => { const s = S.sendgrid(g); return one(`sg = SendGridAPIClient("${s}")`, s); },
      (g) => { const s = S.sendgrid(g); return block(`smtp:\n  host: smtp.sendgrid.net\n  user: apikey\n  password: ${s}`, s); },
    ],
  },
  {
    kind: 'mailgun-api-key',
    templates: [
      (g) => { const s = S.mailgun(g); return one(`MAILGUN_API_KEY=${s}`, s); },
      (g) => { const s = S.mailgun(g); return one(`curl -s --user 'api:${s}' https://api.mailgun.net/v3/mg.acme.example/messages -F to=ops@acme.example`, s); },
      (g) => { const s = S.mailgun(g); return one(`mailgun.client({ username: "api", key: "${s}" })`, s); },
    ],
  },
  {
    kind: 'shopify-token',
    templates: [
      (g) => { const s = S.shopify(g); return one(`curl -H "X-Shopify-Access-Token: ${s}" https://acme-fake.myshopify.com/admin/api/2024-04/orders.json`, s); },
      (g) => { const s = S.shopify(g); return one(`SHOPIFY_ACCESS_TOKEN=${s}`, s); },
      (g) => { const s = S.shopify(g); return one(`shopify.Session("acme-fake.myshopify.com", "2024-04", "${s}")`, s); },
    ],
  },
  {
    kind: 'datadog-api-key',
    templates: [
      (g) => { const s = S.datadogApiKey(g); return one(`DD_API_KEY=${s}`, s); },
      (g) => { const s = S.datadogApiKey(g); return block(`datadog:\n  site: datadoghq.eu\n  apiKey: ${s}\n  logs:\n    enabled: true`, s); },
      (g) => { const s = S.datadogApiKey(g); return one(`curl -X POST "https://api.datadoghq.com/api/v2/series" -H "DD-API-KEY: ${s}" -d @metrics.json`, s); },
      (g) => { const s = S.datadogApiKey(g); return one(`docker run -d --name dd-agent -e DD_API_KEY=${s} -e DD_SITE=datadoghq.com gcr.io/datadoghq/agent:7`, s); },
      (g) => { const s = S.datadogAppKey(g); return one(`DD_APP_KEY=${s}`, s); },
      (g) => { const s = S.datadogApiKey(g); return one(`api_key: ${s}`, s); },
    ],
  },
  {
    kind: 'newrelic-key',
    templates: [
      (g) => { const s = S.newrelicLicense(g); return one(`NEW_RELIC_LICENSE_KEY=${s}`, s); },
      (g) => { const s = S.newrelicLicense(g); return one(`  license_key: '${s}'`, s); },
      (g) => { const s = S.newrelicUser(g); return one(`curl https://api.newrelic.com/graphql -H 'Content-Type: application/json' -H 'API-Key: ${s}' -d '{"query":"{ actor { user { name } } }"}'`, s); },
      (g) => { const s = S.newrelicUser(g); return one(`NEW_RELIC_API_KEY=${s}`, s); },
    ],
  },
  {
    kind: 'sentry-dsn',
    templates: [
      (g) => { const k = S.sentryKey(g); return one(`SENTRY_DSN=https://${k}@o${g.int(100000, 999999)}.ingest.sentry.io/${g.int(1000000, 9999999)}`, k); },
      (g) => { const k = S.sentryKey(g); return one(`Sentry.init({ dsn: "https://${k}@o${g.int(100000, 999999)}.ingest.us.sentry.io/${g.int(1000000, 9999999)}", tracesSampleRate: 0.1 });`, k); },
      (g) => { const k = S.sentryKey(g); return one(`sentry_sdk.init(dsn="https://${k}@sentry.acme.internal/${g.int(2, 60)}", environment="${g.ns()}")`, k); },
    ],
  },
  {
    kind: 'sentry-auth-token',
    templates: [
      (g) => { const s = S.sentryAuth(g); return one(`SENTRY_AUTH_TOKEN=${s}`, s); },
      (g) => { const s = S.sentryAuth(g); return one(`sentry-cli --auth-token ${s} releases new ${g.svc()}@${g.version()}`, s); },
      (g) => { const s = S.sentryAuth(g); return block(`[auth]\ntoken=${s}\n\n[defaults]\norg=acme`, s); },
    ],
  },
  {
    kind: 'pagerduty-key',
    templates: [
      (g) => { const s = S.pagerdutyRouting(g); return one(`{"routing_key": "${s}", "event_action": "trigger", "payload": {"summary": "${g.svc()} 5xx > 5%", "severity": "critical", "source": "${g.host()}"}}`, s); },
      (g) => { const s = S.pagerdutyRouting(g); return one(`PAGERDUTY_INTEGRATION_KEY=${s}`, s); },
      (g) => { const s = S.pagerdutyRouting(g); return block(`pagerduty_configs:\n  - routing_key: ${s}\n    severity: critical`, s); },
      (g) => { const s = S.pagerdutyRest(g); return one(`curl -H "Authorization: Token token=${s}" -H "Accept: application/vnd.pagerduty+json;version=2" https://api.pagerduty.com/incidents`, s); },
      (g) => { const s = S.pagerdutyRest(g); return one(`PAGERDUTY_API_TOKEN=${s}`, s); },
    ],
  },
  {
    kind: 'openai-api-key',
    templates: [
      (g) => { const s = S.openai(g); return one(`OPENAI_API_KEY=${s}`, s); },
      (g) => { const s = S.openai(g); return one(`curl https://api.openai.com/v1/chat/completions -H "Authorization: Bearer ${s}" -H "Content-Type: application/json"`, s); },
      (g) => { const s = S.openai(g); return one(`client = OpenAI(api_key="${s}")`, s); },
      (g) => { const s = S.openai(g); return one(`llm = ChatOpenAI(model="gpt-4o-mini", openai_api_key="${s}")`, s); },
      (g) => { const s = S.openai(g); return one(`openai.AuthenticationError: Error code: 401 - Incorrect API key provided: ${s}`, s); },
    ],
  },
  {
    kind: 'anthropic-api-key',
    templates: [
      (g) => { const s = S.anthropic(g); return one(`ANTHROPIC_API_KEY=${s}`, s); },
      (g) => { const s = S.anthropic(g); return one(`curl https://api.anthropic.com/v1/messages -H "x-api-key: ${s}" -H "anthropic-version: 2023-06-01"`, s); },
      (g) => { const s = S.anthropic(g); return one(`client = anthropic.Anthropic(api_key="${s}")`, s); },
    ],
  },
  {
    kind: 'huggingface-token',
    templates: [
      (g) => { const s = S.huggingface(g); return one(`HF_TOKEN=${s}`, s); },
      (g) => { const s = S.huggingface(g); return one(`huggingface-cli login --token ${s}`, s); },
      (g) => { const s = S.huggingface(g); return one(`curl -H "Authorization: Bearer ${s}" https://huggingface.co/api/whoami-v2`, s); },
      (g) => { const s = S.huggingface(g); return one(`model = AutoModel.from_pretrained("acme/ranker", token="${s}")`, s); },
    ],
  },
  {
    kind: 'vault-token',
    templates: [
      (g) => { const s = S.vault(g); return one(`export VAULT_TOKEN=${s}`, s); },
      (g) => { const s = S.vault(g); return one(`curl -H "X-Vault-Token: ${s}" https://vault.acme.internal:8200/v1/secret/data/${g.svc()}`, s); },
      (g) => { const s = S.vault(g); return one(`vault login ${s}`, s); },
      (g) => { const s = S.vault(g); return block(`Key                  Value\n---                  -----\ntoken                ${s}\ntoken_accessor       ${g.fake(24, ALNUM)}\ntoken_duration       768h`, s); },
    ],
  },
  {
    kind: 'digitalocean-token',
    templates: [
      (g) => { const s = S.digitalocean(g); return one(`DIGITALOCEAN_TOKEN=${s}`, s); },
      (g) => { const s = S.digitalocean(g); return one(`doctl auth init --access-token ${s}`, s); },
      (g) => { const s = S.digitalocean(g); return one(`curl -X GET -H "Authorization: Bearer ${s}" "https://api.digitalocean.com/v2/droplets"`, s); },
    ],
  },
  {
    kind: 'terraform-cloud-token',
    templates: [
      (g) => { const s = S.terraform(g); return one(`TF_TOKEN_app_terraform_io=${s}`, s); },
      (g) => { const s = S.terraform(g); return block(`credentials "app.terraform.io" {\n  token = "${s}"\n}`, s); },
      (g) => { const s = S.terraform(g); return one(`{"credentials":{"app.terraform.io":{"token":"${s}"}}}`, s); },
    ],
  },
  {
    kind: 'jwt',
    templates: [
      (g) => { const s = S.jwt(g); return one(`curl -H "Authorization: Bearer ${s}" https://api.acme.internal/v1/orders`, s); },
      (g) => { const s = S.jwt(g); return block(`Name:         ${g.svc()}-token-${g.str(5, 'bcdfghjklmnpqrstvwxz2456789')}\nNamespace:    ${g.ns()}\nType:  kubernetes.io/service-account-token\n\nData\n====\nca.crt:     1099 bytes\nnamespace:  ${g.int(4, 12)} bytes\ntoken:      ${s}`, s); },
      (g) => { const s = S.jwt(g); return block(`users:\n- name: ci-deployer\n  user:\n    token: ${s}`, s); },
      (g) => { const s = S.jwt(g); return one(`level=debug msg="upstream auth" access_token=${s} status=401`, s); },
      (g) => { const s = S.jwt(g); return one(`Cookie: jwt=${s}; theme=dark`, s); },
      (g) => { const s = S.jwt(g); return one(`decoded this one and exp looks wrong: ${s}`, s); },
      (g) => { const s = S.jwt(g); return one(`TokenExpiredError: jwt expired at ${g.iso()} (token=${s})`, s); },
    ],
  },
  {
    kind: 'private-key',
    templates: [
      (g) => { const k = pem(g, 'RSA PRIVATE KEY', 'rsa'); return block(k.text, ...k.body); },
      (g) => { const k = pem(g, 'PRIVATE KEY', 'pkcs8'); return block(`$ cat /etc/ssl/private/${g.svc()}.key\n${k.text}`, ...k.body); },
      (g) => { const k = pem(g, 'EC PRIVATE KEY', 'ec'); return block(k.text, ...k.body); },
      (g) => { const k = pem(g, 'PRIVATE KEY', 'pkcs8', '    '); return block(`apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIC${g.str(60, ALNUM)}\n    -----END CERTIFICATE-----\n  tls.key: |\n${k.text}`, ...k.body); },
      (g) => { const k = pem(g, 'RSA PRIVATE KEY', 'rsa'); return block(`resource "tls_private_key" "imported" {\n  private_key_pem = <<EOT\n${k.text}\nEOT\n}`, ...k.body); },
      (g) => { const lines = pemBody(g, 'pkcs8').slice(0, 9); const body = lines.join('\n'); return block(`${g.user()}: key got truncated in the paste but here:\n-----BEGIN PRIVATE KEY-----\n${body}`, body); },
    ],
  },
  {
    kind: 'openssh-private-key',
    templates: [
      (g) => { const k = pem(g, 'OPENSSH PRIVATE KEY', 'openssh'); return block(`$ cat ~/.ssh/id_ed25519\n${k.text}`, ...k.body); },
      (g) => { const k = pem(g, 'OPENSSH PRIVATE KEY', 'openssh', '      '); return block(`    - name: install deploy key\n      copy:\n        dest: /home/deploy/.ssh/id_ed25519\n        content: |\n${k.text}`, ...k.body); },
      (g) => { const k = pem(g, 'OPENSSH PRIVATE KEY', 'openssh'); return block(k.text, ...k.body); },
    ],
  },
  {
    kind: 'bearer-token',
    templates: [
      (g) => { const s = S.opaqueBearer(g); return one(`curl -s -H "Authorization: Bearer ${s}" https://${g.svc()}.acme.internal/admin/flags`, s); },
      (g) => { const s = S.opaqueBearer(g); return block(`> GET /v1/orders/${g.int(1000, 9999)} HTTP/2\n> Host: api.acme.internal\n> User-Agent: curl/8.5.0\n> Authorization: Bearer ${s}\n> Accept: */*`, s); },
      (g) => { const s = S.opaqueBearer(g); return one(`headers = {"Authorization": "Bearer ${s}", "Content-Type": "application/json"}`, s); },
      (g) => { const s = S.opaqueBearer(g); return one(`upstream rejected request: authorization="Bearer ${s}" status=403 path=/internal/refunds`, s); },
      (g) => { const s = S.opaqueBearer(g); return one(`http --auth-type=bearer --auth=${s} GET https://api.acme.internal/v1/me`, s); },
      (g) => { const s = S.opaqueBearer(g); return one(`  "Authorization": "Bearer ${s}"`, s); },
    ],
  },
  {
    kind: 'basic-auth',
    templates: [
      (g) => { const s = Buffer.from(`${g.user()}:${g.password()}`).toString('base64'); return one(`curl -H "Authorization: Basic ${s}" https://nexus.acme.internal/service/rest/v1/status`, s); },
      (g) => { const s = Buffer.from(`ci:${g.password()}`).toString('base64'); return block(`{\n  "auths": {\n    "registry.acme.internal": {\n      "auth": "${s}"\n    }\n  }\n}`, s); },
      (g) => { const s = Buffer.from(`deploy:${g.password()}`).toString('base64'); return one(`_auth=${s}`, s); },
      (g) => { const s = Buffer.from(`admin:${g.password()}`).toString('base64'); return one(`> Authorization: Basic ${s}`, s); },
      (g) => { const s = Buffer.from(`svc-${g.svc()}:${g.password()}`).toString('base64'); return one(`proxy_set_header Authorization "Basic ${s}";`, s); },
    ],
  },
  {
    kind: 'session-cookie',
    templates: [
      (g) => { const s = S.sessionId(g); return one(`Cookie: _ga=GA1.2.${g.str(9, DIGITS)}.${g.str(10, DIGITS)}; sessionid=${s}; csrftoken=${g.fake(32, ALNUM)}`, s); },
      (g) => { const s = S.sessionId(g); return one(`Set-Cookie: _${g.svc().replace(/-/g, '_')}_session=${s}; path=/; secure; HttpOnly; SameSite=Lax`, s); },
      (g) => { const s = S.sessionId(g); return one(`curl -b 'JSESSIONID=${s}' https://admin.acme.internal/console`, s); },
      (g) => { const s = S.sessionId(g); return one(`connect.sid=${s}`, s); },
      (g) => { const s = S.sessionId(g); return one(`session_id=${s} user=${g.user()} ip=10.${g.int(0, 255)}.${g.int(0, 255)}.${g.int(0, 255)} action=login`, s); },
    ],
  },
  {
    kind: 'postgres-url-password',
    templates: [
      (g) => { const p = g.password(); return one(`DATABASE_URL=postgres://app:${p}@${g.dbHost()}:5432/orders`, p); },
      (g) => { const p = g.password(); return one(`psql "postgresql://${g.pick(['readonly', 'app', 'migrator'])}:${p}@${g.dbHost()}:5432/ledger?sslmode=require"`, p); },
      (g) => { const p = g.password(); return one(`jdbc:postgresql://${g.dbHost()}:5432/orders?user=app&password=${p}&ssl=true`, p); },
      (g) => { const p = g.password(); return one(`dsn: "host=${g.dbHost()} port=5432 user=app password=${p} dbname=orders sslmode=verify-full"`, p); },
      (g) => { const p = g.password(); return one(`PGPASSWORD=${p} psql -h ${g.dbHost()} -U postgres -c 'select 1'`, p); },
      (g) => { const p = g.password(); return one(`sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server failed (postgresql+psycopg2://app:${p}@${g.dbHost()}/orders)`, p); },
    ],
  },
  {
    kind: 'mysql-url-password',
    templates: [
      (g) => { const p = g.password(); return one(`DATABASE_URL=mysql://app:${p}@${g.dbHost()}:3306/shop`, p); },
      (g) => { const p = g.password(); return one(`mysql -h ${g.dbHost()} -u root -p${p} -e "SHOW PROCESSLIST"`, p); },
      (g) => { const p = g.password(); return one(`mysqldump -uroot -p'${p}' --single-transaction orders > orders.sql`, p); },
      (g) => { const p = g.password(); return one(`spring.datasource.url=jdbc:mysql://${g.dbHost()}:3306/orders?user=svc&password=${p}`, p); },
      (g) => { const p = g.password(); return one(`DB_URL=mysql2://rails:${p}@${g.dbHost()}/shop_production?pool=10`, p); },
    ],
  },
  {
    kind: 'mongodb-url-password',
    templates: [
      (g) => { const p = g.password(); return one(`MONGO_URL=mongodb+srv://${g.svc()}:${p}@cluster0.fake0.mongodb.net/orders?retryWrites=true&w=majority`, p); },
      (g) => { const p = g.password(); return one(`mongosh "mongodb://admin:${p}@mongo-rs0-0.mongo.internal:27017/admin?replicaSet=rs0"`, p); },
      (g) => { const p = g.password(); return one(`mongodump --uri="mongodb://backup:${p}@${g.dbHost()}:27017" --archive=nightly.gz`, p); },
      (g) => { const p = g.password(); return one(`mongosh --host ${g.dbHost()} --username admin --password ${p} --authenticationDatabase admin`, p); },
    ],
  },
  {
    kind: 'redis-url-password',
    templates: [
      (g) => { const p = g.password(); return one(`REDIS_URL=redis://:${p}@cache.${g.ns()}.internal:6379/0`, p); },
      (g) => { const p = g.password(); return one(`rediss://default:${p}@${g.svc()}-cache.fake.cache.amazonaws.com:6380`, p); },
      (g) => { const p = g.password(); return one(`redis-cli -h cache.internal -p 6379 -a ${p} INFO replication`, p); },
      (g) => { const p = g.password(); return block(`bind 0.0.0.0\nport 6379\nrequirepass ${p}\nmaxmemory 2gb`, p); },
      (g) => { const p = g.password(); return one(`REDIS_PASSWORD=${p}`, p); },
    ],
  },
  {
    kind: 'amqp-url-password',
    templates: [
      (g) => { const p = g.password(); return one(`CELERY_BROKER_URL=amqp://celery:${p}@rabbitmq.${g.ns()}.svc:5672/orders`, p); },
      (g) => { const p = g.password(); return one(`amqps://${g.svc()}:${p}@b-${g.uuid()}.mq.${g.region()}.amazonaws.com:5671`, p); },
      (g) => { const p = g.password(); return one(`RABBITMQ_DEFAULT_PASS=${p}`, p); },
      (g) => { const p = g.password(); return one(`pika.exceptions.ProbableAuthenticationError: ConnectionClosedByBroker: (403) 'ACCESS_REFUSED' url=amqp://worker:${p}@mq.internal:5672/%2F`, p); },
    ],
  },
  {
    kind: 'http-url-password',
    templates: [
      (g) => { const p = g.password(); return one(`pip install --index-url https://build:${p}@pypi.acme.internal/simple ${g.svc()}==${g.version()}`, p); },
      (g) => { const p = g.password(); return one(`HTTPS_PROXY=http://svc-proxy:${p}@proxy.corp.internal:3128`, p); },
      (g) => { const p = g.password(); return one(`git clone https://${g.user()}:${p}@git.acme.internal/platform/${g.svc()}.git`, p); },
      (g) => { const p = g.password(); return one(`curl -s https://deploy:${p}@nexus.acme.internal/repository/releases/`, p); },
      (g) => { const p = g.password(); return one(`remote_write: [{ url: "https://metrics:${p}@prom.acme.internal/api/v1/write" }]`, p); },
    ],
  },
  {
    kind: 'cli-password',
    templates: [
      (g) => { const p = g.password(); return one(`sshpass -p '${p}' ssh ops@${g.host()} 'sudo systemctl restart ${g.svc()}'`, p); },
      (g) => { const p = g.password(); return one(`ldapsearch -x -H ldaps://ldap.acme.internal -D "cn=admin,dc=acme,dc=example" -w ${p} "(uid=${g.user()})"`, p); },
      (g) => { const p = g.password(); return one(`sqlcmd -S tcp:${g.dbHost()},1433 -U sa -P '${p}' -Q "SELECT @@VERSION"`, p); },
      (g) => { const p = g.password(); return one(`curl -u admin:${p} -X POST https://jenkins.acme.internal/job/${g.svc()}/build`, p); },
      (g) => { const p = g.password(); return one(`helm repo add acme https://charts.acme.internal --username ci --password ${p}`, p); },
      (g) => { const p = g.password(); return one(`./manage.py createsuperuser --username ops --password=${p}`, p); },
      (g) => { const p = g.password(); return one(`smbclient //fs01/backups -U svc-backup%${p} -c 'ls'`, p); },
      (g) => { const p = g.password(); return one(`vault login -method=userpass username=${g.user()} password=${p}`, p); },
      (g) => { const p = g.password(); return one(`az keyvault secret set --vault-name kv-${g.ns()} --name db-password --value '${p}'`, p); },
      (g) => { const p = g.password(); return one(`aws ssm put-parameter --name /${g.ns()}/${g.svc()}/db/password --value '${p}' --type SecureString --overwrite`, p); },
      (g) => { const s = g.machineSecret(); return one(`gh secret set API_KEY --repo acme/${g.svc()} --body "${s}"`, s); },
    ],
  },
  {
    kind: 'dotenv-secret',
    templates: [
      (g) => {
        const a = g.password(); const b = g.machineSecret(); const c = g.machineSecret();
        return block(`NODE_ENV=production\nPORT=${g.int(3000, 9000)}\nDB_HOST=${g.dbHost()}\nDB_USER=app\nDB_PASSWORD=${a}\nJWT_SECRET=${b}\nSESSION_SECRET=${c}\nLOG_LEVEL=info`, a, b, c);
      },
      (g) => {
        const a = g.machineSecret(); const b = g.password();
        return block(`# ${g.svc()} .env\nAPP_KEY=base64:${a}\nAPP_DEBUG=false\nMAIL_PASSWORD=${b}\nQUEUE_CONNECTION=redis`, a, b);
      },
      (g) => {
        const a = g.machineSecret(); const b = g.machineSecret();
        return block(`export INTERNAL_API_TOKEN="${a}"\nexport ENCRYPTION_KEY='${b}'\nexport FEATURE_FLAGS=checkout_v2,fast_refunds`, a, b);
      },
      (g) => { const a = g.machineSecret(); return one(`SECRET_KEY_BASE=${a}`, a); },
      (g) => { const a = g.machineSecret(); return one(`WEBHOOK_SIGNING_SECRET=${a}`, a); },
    ],
  },
  {
    kind: 'config-secret',
    templates: [
      (g) => { const p = g.password(); return block(`database:\n  host: ${g.dbHost()}\n  port: 5432\n  username: ${g.svc().replace(/-/g, '_')}\n  password: ${p}\n  pool: 20`, p); },
      (g) => { const s = g.machineSecret(); return one(`{"service":"${g.svc()}","auth":{"issuer":"https://auth.acme.internal","clientId":"${g.svc()}","clientSecret":"${s}"}}`, s); },
      (g) => { const p = g.password(); return one(`spring.datasource.password=${p}`, p); },
      (g) => { const s = g.machineSecret(); return one(`SECRET_KEY = '${s}'`, s); },
      (g) => { const p = g.password(); return block(`<server>\n  <id>acme-releases</id>\n  <username>deploy</username>\n  <password>${p}</password>\n</server>`, p); },
      (g) => { const p = g.password(); return block(`[{"Name": "DB_HOST", "Value": "${g.dbHost()}"}, {"Name": "DB_PASSWORD", "Value": "${p}"}]`, p); },
      (g) => { const s = g.machineSecret(); return one(`api_key: "${s}"`, s); },
      (g) => { const p = g.password(); return one(`$db_password = '${p}';`, p); },
      (g) => { const p = g.password(); return one(`"Env": ["PATH=/usr/local/bin:/usr/bin", "POSTGRES_PASSWORD=${p}", "PGDATA=/var/lib/postgresql/data"],`, p); },
      (g) => { const p = g.password(); return one(`'password' => '${p}',`, p); },
      (g) => { const s = g.machineSecret(); return one(`client.secret: ${s}`, s); },
      (g) => { const p = g.password(); return one(`"ConnectionStrings": { "Orders": "Server=tcp:${g.svc()}.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=${p};Encrypt=True;" }`, p); },
      (g) => { const p = g.password(); return one(`DRIVER={ODBC Driver 18 for SQL Server};SERVER=${g.dbHost()};DATABASE=ledger;UID=report;PWD=${p}`, p); },
      (g) => { const p = g.password(); return one(`<add key="ClearTextPassword" value="${p}" />`, p); },
      (g) => { const p = g.password(); return one(`${g.dbHost()}:5432:orders:app:${p}`, p); },
      (g) => { const p = g.password(); return one(`jdbc:oracle:thin:app/${p}@//${g.dbHost()}:1521/ORCLPDB1`, p); },
      (g) => { const p = g.password(); return one(`the new db password is ${p} until we move it to vault`, p); },
      (g) => { const p = g.password(); return one(`pw for the staging box: ${p}`, p); },
    ],
  },
  {
    kind: 'k8s-secret-manifest',
    templates: [
      (g) => {
        const p = Buffer.from(g.password()).toString('base64'); const u = Buffer.from('app').toString('base64');
        return block(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${g.svc()}-db\n  namespace: ${g.ns()}\ntype: Opaque\ndata:\n  username: ${u}\n  password: ${p}`, p);
      },
      (g) => {
        const t = g.machineSecret(); const p = g.password();
        return block(`stringData:\n  api-token: "${t}"\n  db-password: "${p}"`, t, p);
      },
      (g) => { const p = g.password(); return one(`kubectl create secret generic ${g.svc()}-db --from-literal=username=app --from-literal=password='${p}' -n ${g.ns()}`, p); },
      (g) => {
        const k = Buffer.from(pem(g, 'RSA PRIVATE KEY', 'rsa').text + '\n').toString('base64');
        // The first and last ~44 characters encode the public armour lines (-----BEGIN/END RSA PRIVATE KEY-----).
        return block(`users:\n- name: admin\n  user:\n    client-certificate-data: ${Buffer.from('-----BEGIN CERTIFICATE-----\nMIIC' + g.str(40, ALNUM) + '\n-----END CERTIFICATE-----\n').toString('base64')}\n    client-key-data: ${k}`, k.slice(44, -48));
      },
    ],
  },
];
