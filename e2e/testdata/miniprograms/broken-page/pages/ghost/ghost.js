// ghost.wxml was never written
Page({})
