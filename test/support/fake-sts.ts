// A tiny stand-in for AWS STS on 127.0.0.1, for assume-role chains resolved by the real SDK.
// It answers the awsQuery `Action=AssumeRole` call with STS's XML response shape; requests are
// recorded so tests can check which credentials signed them. Any other action gets STS's XML error.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AssumeRoleCall {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  externalId: string | undefined;
  /** The access key id from the SigV4 Authorization header (the source credentials). */
  signedWithAccessKeyId: string | undefined;
}

export interface FakeStsOptions {
  /** Role ARNs that answer AccessDenied, like a role whose trust policy excludes the caller. */
  denyRoles?: string[];
}

export interface FakeSts {
  url: string;
  calls: AssumeRoleCall[];
  /** The temporary credentials handed out for a role (deterministic per role ARN). */
  credentialsFor(roleArn: string): { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function tempCredentials(roleArn: string): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  const suffix = Buffer.from(roleArn).toString('hex').toUpperCase().padEnd(16, '0').slice(-16);
  return {
    accessKeyId: `ASIA${suffix}`,
    secretAccessKey: `fakeStsSecret/${suffix}+abcdefghij`.padEnd(40, 'x').slice(0, 40),
    sessionToken: `FwoGZXIvYXdzEFAKE${suffix}`,
  };
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>fake-sts-request</RequestId></ErrorResponse>`;
}

export async function startFakeSts(options: FakeStsOptions = {}): Promise<FakeSts> {
  const calls: AssumeRoleCall[] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const form = new URLSearchParams(body);
      const send = (status: number, xml: string): void => {
        response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'fake-sts-request' });
        response.end(xml);
      };
      if (request.method !== 'POST' || form.get('Action') !== 'AssumeRole') {
        send(
          400,
          errorXml(
            'InvalidAction',
            `Could not find operation ${form.get('Action') ?? '(none)'} for version 2011-06-15`,
          ),
        );
        return;
      }
      const roleArn = form.get('RoleArn') ?? '';
      const roleSessionName = form.get('RoleSessionName') ?? '';
      const credentialMatch = /Credential=([A-Z0-9]+)\//.exec(request.headers.authorization ?? '');
      calls.push({
        roleArn,
        roleSessionName,
        durationSeconds: Number(form.get('DurationSeconds') ?? '3600'),
        externalId: form.get('ExternalId') ?? undefined,
        signedWithAccessKeyId: credentialMatch?.[1],
      });
      if (options.denyRoles?.includes(roleArn)) {
        send(
          403,
          errorXml(
            'AccessDenied',
            `User: arn:aws:iam::123456789012:user/source is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          ),
        );
        return;
      }
      const credentials = tempCredentials(roleArn);
      const roleName = roleArn.split('/').pop() ?? 'role';
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      send(
        200,
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKEROLEID:${xmlEscape(roleSessionName)}</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/${xmlEscape(roleName)}/${xmlEscape(roleSessionName)}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>
      <SessionToken>${credentials.sessionToken}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>fake-sts-request</RequestId></ResponseMetadata>
</AssumeRoleResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    credentialsFor: tempCredentials,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
