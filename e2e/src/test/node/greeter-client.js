// A gRPC client written with the Node.js gRPC libraries, calling helloworld.Helloworld through
// the Aloft proxy as an external client would.
//   node greeter-client.js <host:port> <token or -> <Call|Stream> '<json request>' [aloft-service]
// Prints each response as one JSON line; on failure prints "ERROR <code name>: <details>" and
// exits with 1.
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [target, token, method, json, service] = process.argv.slice(2);
const definition = protoLoader.loadSync(path.join(__dirname, 'helloworld.proto'), {
  keepCase: true,
  defaults: true,
});
const proto = grpc.loadPackageDefinition(definition).helloworld;
const client = new proto.Helloworld(target, grpc.credentials.createInsecure());

const metadata = new grpc.Metadata();
if (token && token !== '-') {
  metadata.set('authorization', `Bearer ${token}`);
}
if (service) {
  metadata.set('aloft-service', service);
}
const request = JSON.parse(json);
const deadline = new Date(Date.now() + 30000);
const codeName = (code) => Object.keys(grpc.status).find((k) => grpc.status[k] === code);

function fail(err) {
  console.log(`ERROR ${codeName(err.code)}: ${err.details}`);
  process.exit(1);
}

if (method === 'Call') {
  client.Call(request, metadata, { deadline }, (err, response) => {
    if (err) {
      fail(err);
    }
    console.log(JSON.stringify(response));
    client.close();
  });
} else {
  const call = client.Stream(request, metadata, { deadline });
  call.on('data', (response) => console.log(JSON.stringify(response)));
  call.on('error', fail);
  call.on('end', () => client.close());
}
