/**
 * The officials' console on AWS: its built files (console/dist) in a private S3 bucket, served by
 * CloudFront with an origin access identity, and the API under /v1/* through the same distribution,
 * so the console calls its API on its own origin (no CORS). Works in the China regions: OAI rather
 * than OAC, legacy ForwardedValues rather than cache policies, and an IAM-stored certificate for an
 * ICP-recorded alternate domain (China's CloudFront serves no default *.cloudfront.cn domain).
 *
 * Parameters: `consoleDomain` (the ICP-recorded host name) and `consoleCertificateId` (IAM server
 * certificate id); without them (global regions only) the distribution uses its default domain.
 * Upload after a deploy: npm run build:console && aws s3 sync console/dist s3://<ConsoleBucketName>/console --delete
 */
export function consoleHostingResources() {
  const domain = '${param:consoleDomain, ""}';
  const certificate = '${param:consoleCertificateId, ""}';
  const apiDomain = { 'Fn::Sub': '${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' };
  return {
    Conditions: {
      ConsoleHasDomain: { 'Fn::Not': [{ 'Fn::Equals': [domain, ''] }] },
      ConsoleHasCertificate: { 'Fn::Not': [{ 'Fn::Equals': [certificate, ''] }] },
    },
    Resources: {
      ConsoleBucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        },
      },
      ConsoleOriginIdentity: { Type: 'AWS::CloudFront::CloudFrontOriginAccessIdentity', Properties: { CloudFrontOriginAccessIdentityConfig: { Comment: 'lishui-health-code console' } } },
      ConsoleBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'ConsoleBucket' },
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: { CanonicalUser: { 'Fn::GetAtt': ['ConsoleOriginIdentity', 'S3CanonicalUserId'] } },
                Action: 's3:GetObject',
                Resource: { 'Fn::Sub': '${ConsoleBucket.Arn}/console/*' },
              },
            ],
          },
        },
      },
      ConsoleDistribution: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Enabled: true,
            Comment: 'lishui-health-code officials console',
            HttpVersion: 'http2',
            DefaultRootObject: 'console/index.html',
            Aliases: { 'Fn::If': ['ConsoleHasDomain', [domain], { Ref: 'AWS::NoValue' }] },
            ViewerCertificate: {
              'Fn::If': [
                'ConsoleHasCertificate',
                { IamCertificateId: certificate, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2018' },
                { CloudFrontDefaultCertificate: true },
              ],
            },
            Origins: [
              { Id: 'console-files', DomainName: { 'Fn::GetAtt': ['ConsoleBucket', 'RegionalDomainName'] }, S3OriginConfig: { OriginAccessIdentity: { 'Fn::Sub': 'origin-access-identity/cloudfront/${ConsoleOriginIdentity}' } } },
              { Id: 'api', DomainName: apiDomain, CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } },
            ],
            DefaultCacheBehavior: {
              TargetOriginId: 'console-files',
              ViewerProtocolPolicy: 'redirect-to-https',
              AllowedMethods: ['GET', 'HEAD'],
              Compress: true,
              ForwardedValues: { QueryString: false },
            },
            CacheBehaviors: [
              {
                // The API is never cached: every answer is per caller (cache-control: no-store anyway).
                PathPattern: '/v1/*',
                TargetOriginId: 'api',
                ViewerProtocolPolicy: 'https-only',
                AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
                ForwardedValues: { QueryString: true, Headers: ['Authorization', 'Content-Type', 'Idempotency-Key'] },
                MinTTL: 0,
                DefaultTTL: 0,
                MaxTTL: 0,
              },
            ],
          },
        },
      },
    },
    Outputs: {
      ConsoleBucketName: { Value: { Ref: 'ConsoleBucket' } },
      ConsoleDistributionDomain: { Value: { 'Fn::GetAtt': ['ConsoleDistribution', 'DomainName'] } },
    },
  };
}
